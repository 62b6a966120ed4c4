"""A plan manager's decision on a rating submitted for sign-off."""

from django import forms

from improvement.lib import limits

from .form_values import one_line_breaks


class SignoffDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", "Accept the rating"), ("return", "Return it to the officer")],
        widget=forms.RadioSelect,
        label="Your decision",
        error_messages={
            "required": "Choose whether to accept or return the rating",
            "invalid_choice": "Choose whether to accept or return the rating",
        },
    )
    comment = limits.ReasonField(
        what="The comment",
        required=False,
        widget=forms.Textarea,
        label="Comment for the officer",
        help_text="Needed when you return the rating: say what should change. The officer "
        "sees it on the action's page and its update form.",
    )

    def clean_comment(self):
        return one_line_breaks(self.cleaned_data["comment"])

    def clean(self):
        cleaned = super().clean()
        returning = cleaned.get("decision") == "return"
        if returning and not cleaned.get("comment") and "comment" not in self.errors:
            self.add_error("comment", "Say why the rating is returned")
        return cleaned
