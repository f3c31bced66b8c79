"""Access-matrix entries for the child's siblings and other children of the household
(collected by stemme/access/tests); § 21, stk. 2 uses their birth dates."""

from stemme.access.testing import child_page

HOUSEHOLD_DATA = {
    "first_name": "Liva",
    "last_name": "Hemmeligsen",
    "birth_date": "2018-04-02",
    "relation": "half_sibling",
}

ENTRIES = {
    "children:household": [
        child_page(),
        child_page(method="post", data=HOUSEHOLD_DATA, writes=True),
    ],
}
