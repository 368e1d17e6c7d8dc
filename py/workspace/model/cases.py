"""Case, bundle and contact changes made elsewhere (Universal Contact Server, another desktop).

A new case id applies to every interaction of the case: CASE_ID_CHANGED ``{eventType, caseId, previousCaseId}``
once, then for each interaction the leader tab's attached-data update of IW_CaseUid (ATTACHED_DATA_CHANGED) and
CASE_OR_BUNDLE_ID_CHANGED. A new bundle id (IW_BundleUid) concerns one interaction. A contact change merges
interaction.Contact fields: CONTACT_CHANGED.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workspace.errors import RequestError

from .interaction import CONTACT_FIELDS, Interaction, announce
from .interactions import merge_user_data

if TYPE_CHECKING:
    from .context import Emitter
    from .state import InteractionList

CASE_KEY, BUNDLE_KEY = "IW_CaseUid", "IW_BundleUid"


def id_changed(ctx: Emitter, interaction: Interaction, key: str, value: str) -> None:
    """The attached-data update of IW_CaseUid or IW_BundleUid, then CASE_OR_BUNDLE_ID_CHANGED."""
    merge_user_data(ctx, interaction, {key: value})
    announce(ctx, "CASE_OR_BUNDLE_ID_CHANGED", interaction)


def change_case_id(interactions: InteractionList, ctx: Emitter, interaction: Interaction, case_id: str | None) -> str:
    """Give the interaction's case a new id (default: a fresh UUID); returns it. Merging two cases is refused."""
    previous = interaction.case_id
    case_id = case_id or str(interactions.ids.uuid())
    if any(it.case_id == case_id for it in interactions.values()):
        raise RequestError(f"Error: Case {case_id} is already in use.")
    ctx.emit("interaction", {"eventType": "CASE_ID_CHANGED", "caseId": case_id, "previousCaseId": previous})
    for member in [it for it in interactions.values() if it.case_id == previous]:
        member.case_id = case_id
        id_changed(ctx, member, CASE_KEY, case_id)
    return case_id


def change_bundle_id(interactions: InteractionList, ctx: Emitter, interaction: Interaction, bundle_id: str | None) -> str:
    """Give the interaction a new bundle id (default: a fresh UUID); returns it."""
    bundle_id = bundle_id or str(interactions.ids.uuid())
    id_changed(ctx, interaction, BUNDLE_KEY, bundle_id)
    return bundle_id


def change_contact(ctx: Emitter, interaction: Interaction, fields: dict[str, str]) -> None:
    """Merge interaction.Contact ``fields`` (displayName, firstName, lastName) into the contact: CONTACT_CHANGED."""
    unknown = sorted(set(fields) - set(CONTACT_FIELDS))
    if not fields or unknown or not all(isinstance(value, str) for value in fields.values()):
        raise RequestError(
            f"Error: A contact change needs text values for {', '.join(CONTACT_FIELDS)} only"
            + (f"; unknown: {', '.join(unknown)}." if unknown else ".")
        )
    interaction.contact = {**(interaction.contact or {}), **fields}
    announce(ctx, "CONTACT_CHANGED", interaction)
