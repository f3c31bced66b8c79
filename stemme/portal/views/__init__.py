"""Portal pages for the child (and, limited, a parent), one module per topic."""
