"""The post edit form: it refuses a save when someone else saved the post after it was opened."""

from django import forms
from django.db.models import F

from .models import Post
from .revisions import changes_between, current_fields, version_at, versions_of, who_saved


class PostAdminForm(forms.ModelForm):
    # The revision the editor opened; compared with the stored one when they save.
    opened_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Post
        # The admin's fieldsets decide what is shown; these are what the form may ever write.
        fields = [
            "kind", "title", "slug", "body", "category", "author", "tags", "excerpt",
            "status", "published_at", "owner", "reviewed_on", "review_interval",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk:
            self.fields["opened_revision"].initial = self.instance.revision

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk:
            self.refuse_a_conflicting_save(cleaned_data.get("opened_revision") or self.instance.revision)
        return cleaned_data

    def refuse_a_conflicting_save(self, opened):
        """Claim the post's row if it is still at the opened revision, else refuse the save.

        The UPDATE changes nothing but matches only the opened revision, and it holds the row's lock
        until the admin's transaction ends, so no other save can land between this check and ours.
        """
        still_current = Post.objects.filter(pk=self.instance.pk, revision=opened).update(
            revision=F("revision")
        )
        if still_current:
            return
        current = Post.objects.get(pk=self.instance.pk)
        latest = versions_of(current).first()
        opened_version = version_at(current, opened)
        self.conflict = {
            "saved": who_saved(latest) if latest else "saved by someone else",
            "changes": changes_between(opened_version.field_dict, current_fields(current))
            if opened_version
            else None,
        }
        # Saving again from this page is a deliberate choice to replace their version with this one.
        self.data = self.data.copy()
        self.data["opened_revision"] = current.revision
        raise forms.ValidationError(
            f"Someone else saved this post since you opened it ({self.conflict['saved']}). Your text is "
            "still in the form below and nothing was saved. Check their changes shown here, then save "
            "again to replace their version with yours, or reload the page to start from theirs.",
            code="edit_conflict",
        )
