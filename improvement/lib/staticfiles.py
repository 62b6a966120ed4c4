"""Static files with content-hashed names, compressed, for WhiteNoise to serve.

GOV.UK Frontend's stylesheet refers to the royal crest for its footer copyright logo.
This product is council-neutral and ships no crest (static/build/council.scss), nor uses
that footer class, so the reference is left as written instead of failing collectstatic.
Any other missing file still fails it.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage

ABSENT_ON_PURPOSE = {"/static/govuk/assets/images/govuk-crest.svg"}


class HashedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def url_converter(self, name, hashed_files, template=None):
        convert = super().url_converter(name, hashed_files, template)

        def tolerant(matchobj):
            if matchobj.groupdict().get("url") in ABSENT_ON_PURPOSE:
                return matchobj.group(0)
            return convert(matchobj)

        return tolerant
