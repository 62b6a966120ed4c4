from django.contrib import admin

from improvement.lib.admin import register

from .models import ApiToken, ApiTokenUse

# Tokens are made and revoked by their holders on their own page (the secret is shown
# once there); the admin lists them with their history and lets a superuser revoke one,
# with a reason, by setting "revoked at". The hash is never shown or typed.
register(
    ApiToken,
    list_display=["name", "user", "prefix", "created_at", "revoked_at"],
    list_filter=["revoked_at"],
    list_select_related=["user"],
    search_fields=["name", "prefix", "user__username"],
    exclude=["secret_hash"],
    readonly_fields=["user", "name", "prefix", "created_at"],
    has_add_permission=lambda self, request: False,
)


@admin.register(ApiTokenUse)
class ApiTokenUseAdmin(admin.ModelAdmin):
    """When each token was last used, to look at only (not tracked: see the model)."""

    list_display = ["token", "last_used_at"]
    list_select_related = ["token"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
