"""Form helpers shared by every app's views."""

from django.core.exceptions import ValidationError


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field if the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
