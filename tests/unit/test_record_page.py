"""The customer-record sample page's decisions on CPython: the interaction id from its URL query, the record of
getByInteractionId's answer (escaped), and a readable message when the id is missing or unknown."""
from __future__ import annotations

from record.card import RecordCard, interaction_id

from .dashboard_support import TEMPLATES


def test_the_interaction_id_comes_from_the_query():
    assert interaction_id("?InteractionId=42&segment=Gold") == "42"
    assert interaction_id("?segment=x&InteractionId=a%2Fb%26c") == "a/b&c"
    assert interaction_id("") is None and interaction_id("?InteractionId=") is None
    assert interaction_id("?interactionid=42") is None        # the name Workspace uses, exactly


def test_the_record_shows_the_party_contact_and_attached_data_escaped():
    shown = RecordCard(TEMPLATES).answer("7", {
        "interactionId": "7", "media": "voice", "state": "RINGING", "parties": [{"name": "+15551234567"}],
        "contact": {"displayName": "Kate <b>Smith</b>", "firstName": "Kate", "lastName": "Smith"},
        "userData": {"Key1": "<img src=x onerror=alert(1)>", "Count": 3}})
    assert (shown.status, shown.state) == ("Interaction 7", "ready")
    assert 'data-field="interactionId">7<' in shown.html and "+15551234567" in shown.html
    assert "Kate &lt;b&gt;Smith&lt;/b&gt;" in shown.html and "<b>" not in shown.html
    assert "&lt;img src=x onerror=alert(1)&gt;" in shown.html and "<img" not in shown.html
    assert "<dt>Count</dt><dd>3</dd>" in shown.html


def test_a_missing_or_unknown_interaction_gets_a_readable_message():
    card = RecordCard(TEMPLATES)
    assert card.missing().status == "No interaction: this page expects ?InteractionId=<id> in its URL (Workspace adds it)."
    unknown = card.answer("99", None)                # getByInteractionId answers null for an unknown id
    assert (unknown.status, unknown.state, unknown.html) == ("No interaction 99: it is unknown or already done.",
                                                             "failed", "")
    assert card.failed("5", "interaction.getByInteractionId: Request timeout").status == \
        "Cannot read the interaction 5: interaction.getByInteractionId: Request timeout"
    empty = card.answer("8", {"interactionId": "8", "userData": {}})
    assert "No attached data this page may read." in empty.html and "unknown contact" in empty.html
