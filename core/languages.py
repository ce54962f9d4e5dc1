"""Language names for the codes the caption language detector writes (extractors/language.py): ISO 639-1 codes, and
'und' (ISO 639-2 "undetermined") when a caption is too short to tell. One table for the UI, the chat and topic
names."""
from __future__ import annotations

UNDETERMINED = "und"
NAMES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
         "nl": "Dutch", "ja": "Japanese", "zh": "Chinese", "ko": "Korean", "ru": "Russian", "ar": "Arabic",
         "tr": "Turkish", "pl": "Polish", "sv": "Swedish", "da": "Danish", "no": "Norwegian", "fi": "Finnish",
         "el": "Greek", "cs": "Czech", "hu": "Hungarian", "ro": "Romanian", "uk": "Ukrainian", "he": "Hebrew",
         "hi": "Hindi", "th": "Thai", "vi": "Vietnamese", "id": "Indonesian", "ms": "Malay", "tl": "Tagalog",
         "ceb": "Cebuano", "ca": "Catalan"}
CODES = {name.lower(): code for code, name in NAMES.items()}  # "german" -> "de"


def language_name(code: str | None) -> str:
    """'German' for 'de'; 'undetermined' for 'und'; the code itself for a code without a name here; '?' for none."""
    if not code:
        return "?"
    if code == UNDETERMINED:
        return "undetermined"
    return NAMES.get(code, code)
