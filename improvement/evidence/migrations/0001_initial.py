# Evidence of impact and its history.

import django.db.models.deletion
import django.utils.timezone
import improvement.evidence.models
import improvement.evidence.storage
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('plans', '0008_cycle_settings_and_rating_reason'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalEvidence',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('title', models.CharField(max_length=200)),
                ('date', models.DateField(help_text="The date of the evidence (a report's, a meeting's).")),
                ('kind', models.CharField(choices=[('file', 'File'), ('link', 'Link')], max_length=4)),
                ('file', models.TextField(blank=True, max_length=255)),
                ('url', models.URLField(blank=True, max_length=2000)),
                ('original_name', models.CharField(blank=True, help_text="The file's name as uploaded (data only).", max_length=255)),
                ('content_type', models.CharField(blank=True, help_text="As read from the file's content.", max_length=100)),
                ('size', models.PositiveBigIntegerField(blank=True, help_text='In bytes.', null=True)),
                ('added_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('removed_at', models.DateTimeField(blank=True, null=True)),
                ('removal_reason', models.TextField(blank=True)),
                ('history_change_reason', models.TextField(blank=True, null=True)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('action', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='plans.action')),
                ('added_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('removed_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical evidence',
                'verbose_name_plural': 'historical evidence',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Evidence',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200)),
                ('date', models.DateField(help_text="The date of the evidence (a report's, a meeting's).")),
                ('kind', models.CharField(choices=[('file', 'File'), ('link', 'Link')], max_length=4)),
                ('file', models.FileField(blank=True, max_length=255, storage=improvement.evidence.storage.get_evidence_storage, upload_to=improvement.evidence.models.stored_name)),
                ('url', models.URLField(blank=True, max_length=2000)),
                ('original_name', models.CharField(blank=True, help_text="The file's name as uploaded (data only).", max_length=255)),
                ('content_type', models.CharField(blank=True, help_text="As read from the file's content.", max_length=100)),
                ('size', models.PositiveBigIntegerField(blank=True, help_text='In bytes.', null=True)),
                ('added_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('removed_at', models.DateTimeField(blank=True, null=True)),
                ('removal_reason', models.TextField(blank=True)),
                ('action', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='evidence_items', to='plans.action')),
                ('added_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('removed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name_plural': 'evidence',
                'ordering': ['action', 'date', 'pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('kind', 'file'), models.Q(('file', ''), _negated=True), ('url', '')), models.Q(('kind', 'link'), ('file', ''), models.Q(('url', ''), _negated=True)), _connector='OR'), name='evidence_is_a_file_or_a_link'), models.CheckConstraint(condition=models.Q(('kind', 'link'), ('content_type__in', ['application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'image/png', 'image/jpeg']), _connector='OR'), name='evidence_file_has_an_allowed_type')],
            },
        ),
    ]
