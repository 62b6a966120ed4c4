"""The sign-in, password and people forms, with messages written the GOV.UK way."""

import unicodedata

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.mail import EmailMultiAlternatives
from django.template import loader

from improvement.lib.limits import ReasonField

from .models import Membership

User = get_user_model()

REASON_HINT = "Recorded in the history with your name and the time."
EMAIL_FORMAT = "Enter an e-mail address in the correct format, like name@example.com"


class SignInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct user name and password. Both are case-sensitive.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "User name"
        self.fields["username"].error_messages["required"] = "Enter your user name"
        self.fields["password"].error_messages["required"] = "Enter your password"


def _same_email(a, b):
    # As Django compares them: Unicode-normalised and case-folded.
    return (
        unicodedata.normalize("NFKC", a).casefold() == unicodedata.normalize("NFKC", b).casefold()
    )


class ResetPasswordForm(PasswordResetForm):
    """ "Forgotten your password?": the e-mail address of the account.

    Unlike Django's form it also writes to active accounts with no password yet: here
    that means someone added to a plan who has not set one (their first link may have
    expired), not an account that signs in some other way.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "E-mail address"
        self.fields["email"].error_messages = {
            "required": "Enter your e-mail address",
            "invalid": EMAIL_FORMAT,
        }

    def get_users(self, email):
        accounts = User._default_manager.filter(email__iexact=email, is_active=True)
        return (u for u in accounts if _same_email(email, u.email))


class InvitationForm(ResetPasswordForm):
    """The password-set e-mail to one account just given a role in a plan.

    Sending errors are raised, not logged and swallowed as for the reset form: whoever
    added the person is told the message did not go.
    """

    def __init__(self, user):
        super().__init__(data={"email": user.email})
        self.user = user

    def get_users(self, email):
        return [self.user] if self.user.is_active else []

    def send_mail(self, subject_template, body_template, context, from_email, to_email,
                  html_email_template_name=None):  # fmt: skip
        subject = "".join(loader.render_to_string(subject_template, context).splitlines())
        message = EmailMultiAlternatives(
            subject, loader.render_to_string(body_template, context), from_email, [to_email]
        )
        if html_email_template_name:
            html = loader.render_to_string(html_email_template_name, context)
            message.attach_alternative(html, "text/html")
        message.send()


class _RecordedPasswordMixin:
    """Setting a password writes a history row (the password itself is not in it)."""

    history_reason = ""

    def save(self, commit=True):
        self.user._history_user = self.user
        self.user._change_reason = self.history_reason
        return super().save(commit)


NEW_PASSWORD_HINT = (
    "At least 8 characters, not only numbers, not a commonly used password and not too "
    "like your name or e-mail address."
)


def _word_the_password_fields(form):
    form.fields["new_password1"].label = "New password"
    form.fields["new_password1"].help_text = NEW_PASSWORD_HINT
    form.fields["new_password1"].error_messages["required"] = "Enter a new password"
    form.fields["new_password2"].label = "Confirm new password"
    form.fields["new_password2"].help_text = ""
    form.fields["new_password2"].error_messages["required"] = "Enter the new password again"
    form.error_messages = {
        **form.error_messages,
        "password_mismatch": "The two passwords do not match. Enter the same password twice.",
    }


class NewPasswordForm(_RecordedPasswordMixin, SetPasswordForm):
    history_reason = "Password set with the link e-mailed to the account's address."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _word_the_password_fields(self)


class ChangePasswordForm(_RecordedPasswordMixin, PasswordChangeForm):
    history_reason = "Password changed by its owner."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _word_the_password_fields(self)
        self.fields["old_password"].label = "Current password"
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        self.error_messages = {
            **self.error_messages,
            "password_incorrect": "Your current password is not right. Enter it again.",
        }


# People and roles: every change asks why.


def reason_field(label="Reason for this change"):
    return ReasonField(
        label=label,
        help_text=REASON_HINT,
        error_messages={"required": "Enter a reason for this change"},
    )


def role_field(label="Role in the plan"):
    return forms.ChoiceField(
        label=label,
        choices=Membership.Role.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a role in the plan",
            "invalid_choice": "Choose a role in the plan",
        },
    )


class AddPersonForm(forms.Form):
    name = forms.CharField(
        label="Full name", max_length=300, error_messages={"required": "Enter their full name"}
    )
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        help_text="If they have no account yet, they are sent a link to set their password.",
        error_messages={"required": "Enter their e-mail address", "invalid": EMAIL_FORMAT},
    )
    role = role_field()
    reason = reason_field("Reason for adding them")

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())


class RoleForm(forms.Form):
    role = role_field("New role in the plan")
    reason = reason_field()


class RemoveForm(forms.Form):
    reason = reason_field("Reason for taking away their role")


class OwnerRoleForm(forms.Form):
    """Link (or unlink) one of the plan's owner roles; ``roles`` are those offered."""

    owner_role = forms.ModelChoiceField(
        queryset=None,
        label="Owner role",
        empty_label="Choose an owner role",
        error_messages={
            "required": "Choose an owner role",
            "invalid_choice": "Choose one of the owner roles listed",
        },
    )
    reason = reason_field()

    def __init__(self, *args, roles, label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_role"].queryset = roles
        self.fields["owner_role"].label = label
