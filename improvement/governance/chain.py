"""The tamper-evident chain over every history row (models; the logic is in lib/seal.py).

One chain across all tracked models: each history row gets one ``HistorySeal`` link,
in the order rows were sealed, whose hash covers the row's content and the previous
link's hash. Editing or deleting a history row, or a link, breaks every hash after it;
the head (sequence and hash) printed in a committee pack anchors the chain up to that
day, so even rewriting the whole tail would no longer match the papers.
"""

from django.db import models


class HistoryLayout(models.Model):
    """The fields of a history table that a link's hash covers, as they were when it
    was sealed: a field added to a tracked model later (a new history column) does not
    turn every older row into a false alarm."""

    model = models.CharField(max_length=100)
    fields = models.TextField(help_text="Comma-separated column names, in hash order.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["model", "fields"], name="history_layout_once")
        ]

    def __str__(self):
        return f"{self.model}: {self.fields}"

    @property
    def names(self):
        return self.fields.split(",")


class HistorySeal(models.Model):
    """One link: the history row ``model``/``history_id`` sealed as number ``seq``."""

    seq = models.BigIntegerField(primary_key=True)
    model = models.CharField(
        max_length=100, help_text='The history model, "plans.HistoricalAction".'
    )
    history_id = models.BigIntegerField()
    layout = models.ForeignKey(HistoryLayout, on_delete=models.PROTECT, related_name="+")
    hash = models.CharField(max_length=64)
    previous = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["seq"]
        constraints = [
            models.UniqueConstraint(fields=["model", "history_id"], name="history_sealed_once")
        ]

    def __str__(self):
        return f"#{self.seq} {self.model} {self.history_id} {self.hash[:12]}"


class SealHead(models.Model):
    """The chain's last link, in one row that sealing locks (SELECT … FOR UPDATE on
    PostgreSQL) so two requests sealing at once cannot both extend the same link."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)

    def __str__(self):
        return f"#{self.seq} {self.hash[:12]}"
