"""Adding evidence (a file or a link, with a title and date) and removing it (a reason).

Messages sit next to their field in GOV.UK's words; a bound form gives back what was
typed. A browser never sends a chosen file again, so after any error the file must be
chosen again: ``file_not_kept`` says so beside the file field.
"""

from django import forms
from django.conf import settings
from django.core.validators import URLValidator

from improvement.lib.dates import DayField
from improvement.lib.limits import ReasonField

from . import filetypes
from .models import Evidence

TITLE_LIMIT = 200
URL_LIMIT = 2000


def max_bytes():
    return settings.EVIDENCE_MAX_BYTES


def megabytes(size):
    return f"{size / (1024 * 1024):g} MB"


def plain_name(name):
    """The uploaded file's own name without any folder a browser sent
    ("C:\\fakepath\\report.pdf"), control characters or excess length."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[-255:]


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(
        choices=Evidence.Kind.choices,
        widget=forms.RadioSelect,
        label="Is the evidence a file or a link?",
        error_messages={
            "required": "Choose whether the evidence is a file or a link",
            "invalid_choice": "Choose whether the evidence is a file or a link",
        },
    )
    file = forms.FileField(
        required=False,
        label="File (if the evidence is a file)",
        error_messages={"empty": "The selected file is empty"},
    )
    url = forms.CharField(
        required=False,
        label="Link (if the evidence is a link)",
        help_text="The whole address, starting https://, for example "
        "https://www.example.gov.uk/reports/audit.pdf",
    )
    title = forms.CharField(
        label="Title",
        help_text="What the evidence is, for example “Audit of supervision, October 2025”.",
        error_messages={"required": "Enter a title for the evidence"},
    )
    date = DayField(
        what="The date of the evidence",
        label="Date of the evidence",
        required=True,
        help_text="The date of the report, meeting or document, for example 12 11 2025.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = megabytes(max_bytes())
        self.fields[
            "file"
        ].help_text = (
            f"A PDF, Word document (.docx), Excel workbook (.xlsx), PNG or JPEG, up to {limit}."
        )

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError("Enter a title for the evidence")
        if len(title) > TITLE_LIMIT:
            raise forms.ValidationError(
                f"The title must be {TITLE_LIMIT} characters or fewer; you typed {len(title)}"
            )
        return title

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        if not url or self.data.get(self.add_prefix("kind")) != Evidence.Kind.LINK:
            return ""
        if len(url) > URL_LIMIT:
            raise forms.ValidationError(f"The link must be {URL_LIMIT:,} characters or fewer")
        try:
            URLValidator(schemes=["http", "https"])(url)
        except forms.ValidationError:
            raise forms.ValidationError(
                "Enter a link that starts with https:// or http://, for example "
                "https://www.example.gov.uk/reports/audit.pdf"
            ) from None
        return url

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload or self.data.get(self.add_prefix("kind")) != Evidence.Kind.FILE:
            return None
        if upload.size > max_bytes():
            raise forms.ValidationError(
                f"The selected file must be smaller than {megabytes(max_bytes())}"
            )
        try:
            self.content_type = filetypes.detect(upload)
        except filetypes.Refused as refused:
            raise forms.ValidationError(str(refused)) from None
        return upload

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == Evidence.Kind.FILE and "file" not in self.errors and not cleaned.get("file"):
            self.add_error("file", "Select a file")
        if kind == Evidence.Kind.LINK and "url" not in self.errors and not cleaned.get("url"):
            self.add_error("url", "Enter the link")
        return cleaned

    @property
    def file_not_kept(self):
        """The name of a file chosen with this failed submission, which is not kept
        (a file refused for itself says why in its own message instead)."""
        upload = self.files.get(self.add_prefix("file"))
        if not self.errors or not upload or "file" in self.errors:
            return ""
        if self.data.get(self.add_prefix("kind")) != Evidence.Kind.FILE:
            return ""
        return plain_name(upload.name)


class RemoveEvidenceForm(forms.Form):
    reason = ReasonField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why are you removing it?",
        help_text="Kept in the history with your name and the time.",
        error_messages={"required": "Enter why you are removing the evidence"},
    )
