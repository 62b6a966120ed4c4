from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from .models import Plan


def home(request):
    return redirect("plans:index")


@login_required
def plan_list(request):
    return render(request, "plans/plan_list.html", {"plans": Plan.objects.all()})


@login_required
def plan_detail(request, slug):
    from django.shortcuts import get_object_or_404

    plan = get_object_or_404(Plan, slug=slug)
    return render(request, "plans/plan_detail.html", {"plan": plan})
