"""Signing in and out, and setting, resetting and changing a password (Django's views,
under Django's URL names, with the project's forms and GOV.UK templates)."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path

from .forms import ChangePasswordForm, NewPasswordForm, ResetPasswordForm, SignInForm
from .views_account import your_account

urlpatterns = [
    path("", your_account, name="your_account"),
    path("login/", auth_views.LoginView.as_view(authentication_form=SignInForm), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            form_class=ResetPasswordForm,
            html_email_template_name="registration/password_reset_email_body.html",
            extra_email_context={
                "site_name": "Improvement plan tracker",
                "link_days": settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60),
            },
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=NewPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "password-change/",
        auth_views.PasswordChangeView.as_view(form_class=ChangePasswordForm),
        name="password_change",
    ),
    path(
        "password-change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]
