"""The form on a person's API tokens page."""

from django import forms


class TokenForm(forms.Form):
    # CharField strips spaces, so a name of spaces only is "required" too.
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text='What the token is for, so you can tell your tokens apart: "Power BI dashboard".',
        error_messages={
            "required": "Enter a name for the token",
            "max_length": "The name must be 100 characters or fewer",
        },
    )
