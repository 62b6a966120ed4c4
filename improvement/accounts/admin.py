from improvement.lib.admin import register

from .models import Membership

register(Membership, list_display=["user", "plan", "role"], list_filter=["plan", "role"])
