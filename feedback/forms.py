from django import forms

from .models import COMMENT_MAX_LENGTH


class VoteForm(forms.Form):
    helpful = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda answer: answer == "yes",
        error_messages={"required": "Choose Yes or No.", "invalid_choice": "Choose Yes or No."},
    )


class CommentForm(forms.Form):
    comment = forms.CharField(
        label="What were you looking for? (optional)",
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Please leave out personal details: only the editors read this.",
    )
