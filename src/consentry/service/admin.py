"""The admin API (scope ``admin``): protected identities and names, galleries, hash lists, the
operator's allow-list, the decision log, users, API keys, reloading."""

from __future__ import annotations

import re
import time
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import Response

from consentry.errors import InputError
from consentry.gallery.store import HashList, Identity
from consentry.service.actions import not_found
from consentry.service.app import get_service, require_scope
from consentry.service.core import Service
from consentry.service.images import check_image
from consentry.service.schemas import (
    AllowEntryIn,
    AllowEntryOut,
    CountOut,
    DecisionOut,
    DecisionPage,
    ErrorResponse,
    GallerySwitchIn,
    HashesIn,
    HashItem,
    HashListIn,
    HashListOut,
    HashListPatch,
    IdentityIn,
    IdentityOut,
    IdentityPatch,
    PurgeOut,
    ReloadOut,
    ReviewIn,
    ReviewOut,
    UserFlagIn,
    UserOut,
)
from consentry.store import ApiKey, DecisionQuery

_PDQ = re.compile(r"^[0-9a-f]{64}$")
_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorResponse, "description": "no such item"}}
_MAX_PHOTOS = 16
_BAD_INPUT: dict[int | str, dict[str, Any]] = {400: {"model": ErrorResponse, "description": "invalid input"}}
_CONFLICT: dict[int | str, dict[str, Any]] = {409: {"model": ErrorResponse, "description": "the id is taken"}}
_PHOTO_ERRORS: dict[int | str, dict[str, Any]] = {
    **_BAD_INPUT,
    413: {"model": ErrorResponse, "description": "a photo is too large"},
    415: {"model": ErrorResponse, "description": "a photo is not of a supported format"},
    501: {"model": ErrorResponse, "description": "the image extra is not installed"},
}

AdminKey = Annotated[ApiKey, Depends(require_scope("admin"))]


def actor(key: ApiKey) -> str:
    """Who did it, as recorded: the key's name, else its id."""
    return key.name or f"key:{key.id}"


def mount(app: FastAPI, service: Service) -> None:
    app.include_router(router)


router = APIRouter(
    prefix="/v1",
    responses={403: {"model": ErrorResponse, "description": "the key lacks the 'admin' scope"}},
)


# --- identities and protected names ------------------------------------------------------------


def _identity_out(service: Service, identity: Identity, faces: int | None = None) -> IdentityOut:
    if faces is None:
        faces = service.store.gallery.face_counts().get(identity.id, 0)
    return IdentityOut(
        id=identity.id,
        name=identity.name,
        aliases=list(identity.aliases),
        gallery=identity.gallery,
        enabled=identity.enabled,
        created_at=identity.created_at,
        faces=faces,
    )


@router.get("/identities", response_model=list[IdentityOut], tags=["identities"], summary="List protected identities")
def list_identities(request: Request, key: AdminKey, gallery: str | None = None) -> list[IdentityOut]:
    service = get_service(request)
    counts = service.store.gallery.face_counts()
    return [_identity_out(service, i, counts.get(i.id, 0)) for i in service.store.gallery.list_identities(gallery)]


@router.post(
    "/identities",
    response_model=IdentityOut,
    status_code=201,
    tags=["identities"],
    responses={**_BAD_INPUT, **_CONFLICT},
    summary="Protect a name and its aliases (no photos)",
)
def create_identity(body: IdentityIn, request: Request, key: AdminKey) -> IdentityOut:
    service = get_service(request)
    identity = service.actions.add_identity(
        body.name, actor=actor(key), aliases=body.aliases, gallery=body.gallery, identity_id=body.id
    )
    return _identity_out(service, identity, 0)


@router.post(
    "/identities/enroll",
    response_model=IdentityOut,
    status_code=201,
    tags=["identities"],
    summary="Enroll a person from photos (face embeddings are kept, never the photos)",
    responses=_PHOTO_ERRORS,
)
def enroll(
    request: Request,
    key: AdminKey,
    name: Annotated[str, Form(min_length=1, max_length=300)],
    photos: Annotated[list[UploadFile], File(description="one or more photos with one face each")],
    aliases: Annotated[str, Form(description="comma-separated")] = "",
    gallery: Annotated[str, Form(min_length=1, max_length=100)] = "default",
) -> IdentityOut:
    service = get_service(request)
    embeddings, skipped = _embed(service, photos)
    identity = service.actions.add_identity(
        name, actor=actor(key), aliases=aliases.split(","), gallery=gallery, faces=embeddings
    )
    return _identity_out(service, identity, len(embeddings)).model_copy(update={"skipped": skipped})


@router.post(
    "/identities/{identity_id}/faces",
    response_model=IdentityOut,
    tags=["identities"],
    summary="Add face photos to an identity",
    responses={**_NOT_FOUND, **_PHOTO_ERRORS},
)
def add_faces(
    identity_id: str,
    request: Request,
    key: AdminKey,
    photos: Annotated[list[UploadFile], File(description="one or more photos with one face each")],
) -> IdentityOut:
    service = get_service(request)
    service.actions.identity(identity_id)
    embeddings, skipped = _embed(service, photos)
    identity = service.actions.add_faces(identity_id, embeddings, actor=actor(key))
    return _identity_out(service, identity).model_copy(update={"skipped": skipped})


def _embed(service: Service, photos: list[UploadFile]) -> tuple[list[tuple[str, Any]], list[str]]:
    """The embeddings of the photos' faces, and the photos skipped (with why); none at all is an error."""
    if not photos:
        raise InputError("photos: at least one photo is needed", field="photos")
    if len(photos) > _MAX_PHOTOS:
        raise InputError(f"photos: at most {_MAX_PHOTOS} at once", field="photos")
    limits = service.settings
    named: list[tuple[str, bytes]] = []
    for i, upload in enumerate(photos):
        label = upload.filename or f"photos[{i}]"
        data = upload.file.read(limits.max_image_bytes + 1)
        check_image(data, label, max_bytes=limits.max_image_bytes, max_pixels=limits.max_image_pixels)
        named.append((label, data))
    embeddings, skipped = service.embedder(named)
    reasons = [f"{name}: {why}" for name, why in skipped]
    if not embeddings:
        raise InputError(f"no usable face in the photos ({'; '.join(reasons)})", field="photos", code="no_face")
    return list(embeddings), reasons


@router.get(
    "/identities/{identity_id}",
    response_model=IdentityOut,
    tags=["identities"],
    responses=_NOT_FOUND,
    summary="One identity",
)
def get_identity(identity_id: str, request: Request, key: AdminKey) -> IdentityOut:
    service = get_service(request)
    return _identity_out(service, service.actions.identity(identity_id))


@router.patch(
    "/identities/{identity_id}",
    response_model=IdentityOut,
    tags=["identities"],
    responses=_NOT_FOUND,
    summary="Enable or disable an identity; change its name or aliases",
)
def patch_identity(identity_id: str, body: IdentityPatch, request: Request, key: AdminKey) -> IdentityOut:
    service = get_service(request)
    service.actions.update_identity(identity_id, actor=actor(key), name=body.name, aliases=body.aliases)
    if body.enabled is not None:
        service.actions.switch("identity", identity_id, body.enabled, actor=actor(key))
    return _identity_out(service, service.actions.identity(identity_id))


@router.delete(
    "/identities/{identity_id}",
    status_code=204,
    response_class=Response,
    tags=["identities"],
    responses=_NOT_FOUND,
    summary="Remove an identity and its face embeddings",
)
def delete_identity(identity_id: str, request: Request, key: AdminKey) -> Response:
    get_service(request).actions.remove("identity", identity_id, actor=actor(key))
    return Response(status_code=204)


@router.put("/galleries/{gallery}", tags=["identities"], summary="Switch a whole gallery on or off")
def switch_gallery(gallery: str, body: GallerySwitchIn, request: Request, key: AdminKey) -> dict[str, Any]:
    get_service(request).actions.switch("gallery", gallery, body.enabled, actor=actor(key))
    return {"gallery": gallery, "enabled": body.enabled}


# --- hash lists ------------------------------------------------------------------------------------


def _hash_list_out(service: Service, hash_list: HashList) -> HashListOut:
    return HashListOut(
        id=hash_list.id,
        name=hash_list.name,
        kind=hash_list.kind,
        enabled=hash_list.enabled,
        created_at=hash_list.created_at,
        count=service.store.gallery.count_hashes(hash_list.id),
    )


@router.get("/hash-lists", response_model=list[HashListOut], tags=["hash lists"], summary="Hash lists with counts")
def list_hash_lists(request: Request, key: AdminKey) -> list[HashListOut]:
    service = get_service(request)
    return [_hash_list_out(service, h) for h in service.store.gallery.list_hash_lists()]


@router.post(
    "/hash-lists",
    response_model=HashListOut,
    status_code=201,
    tags=["hash lists"],
    responses=_CONFLICT,
    summary="Create a hash list",
)
def create_hash_list(body: HashListIn, request: Request, key: AdminKey) -> HashListOut:
    service = get_service(request)
    return _hash_list_out(
        service, service.actions.add_hash_list(body.name, body.kind, actor=actor(key), list_id=body.id)
    )


@router.get(
    "/hash-lists/{list_id}",
    response_model=HashListOut,
    tags=["hash lists"],
    responses=_NOT_FOUND,
    summary="One hash list with its count",
)
def get_hash_list(list_id: str, request: Request, key: AdminKey) -> HashListOut:
    service = get_service(request)
    return _hash_list_out(service, service.actions.hash_list(list_id))


@router.patch(
    "/hash-lists/{list_id}",
    response_model=HashListOut,
    tags=["hash lists"],
    responses=_NOT_FOUND,
    summary="Switch a hash list on or off",
)
def patch_hash_list(list_id: str, body: HashListPatch, request: Request, key: AdminKey) -> HashListOut:
    service = get_service(request)
    service.actions.switch("hash-list", list_id, body.enabled, actor=actor(key))
    return _hash_list_out(service, service.actions.hash_list(list_id))


@router.delete(
    "/hash-lists/{list_id}",
    status_code=204,
    response_class=Response,
    tags=["hash lists"],
    responses=_NOT_FOUND,
    summary="Remove a hash list and its hashes",
)
def delete_hash_list(list_id: str, request: Request, key: AdminKey) -> Response:
    get_service(request).actions.remove("hash-list", list_id, actor=actor(key))
    return Response(status_code=204)


def _hashes(body: HashesIn) -> list[HashItem]:
    items = []
    for i, entry in enumerate(body.hashes):
        written, item_id = (entry.hash, entry.item_id) if isinstance(entry, HashItem) else (entry, "")
        value = written.strip().lower()
        if not _PDQ.match(value):  # checked before a HashItem is made: "" is a bad hash, not a server error
            raise InputError(
                f"hashes[{i}]: a PDQ hash is 64 hexadecimal digits, got {written[:80]!r}", field=f"hashes[{i}]"
            )
        items.append(HashItem(hash=value, item_id=item_id))
    return items


@router.post(
    "/hash-lists/{list_id}/hashes",
    response_model=CountOut,
    tags=["hash lists"],
    responses={**_NOT_FOUND, **_BAD_INPUT},
    summary="Import hashes into a list (returns how many were added)",
)
def import_hashes(list_id: str, body: HashesIn, request: Request, key: AdminKey) -> CountOut:
    hashes = [(h.hash, h.item_id) for h in _hashes(body)]
    return CountOut(count=get_service(request).actions.add_hashes(list_id, hashes, actor=actor(key)))


@router.post(
    "/hash-lists/{list_id}/hashes/remove",
    response_model=CountOut,
    tags=["hash lists"],
    responses={**_NOT_FOUND, **_BAD_INPUT},
    summary="Remove hashes from a list (returns how many were removed)",
)
def remove_hashes(list_id: str, body: HashesIn, request: Request, key: AdminKey) -> CountOut:
    hashes = [h.hash for h in _hashes(body)]
    return CountOut(count=get_service(request).actions.remove_hashes(list_id, hashes, actor=actor(key)))


@router.get(
    "/hash-lists/{list_id}/count",
    response_model=CountOut,
    tags=["hash lists"],
    responses=_NOT_FOUND,
    summary="How many hashes a list holds",
)
def count_hashes(list_id: str, request: Request, key: AdminKey) -> CountOut:
    service = get_service(request)
    service.actions.hash_list(list_id)
    return CountOut(count=service.store.gallery.count_hashes(list_id))


# --- the operator's allow-list -------------------------------------------------------------------


@router.get("/allow-list", response_model=list[AllowEntryOut], tags=["allow-list"], summary="The run-time allow-list")
def list_allow(request: Request, key: AdminKey) -> list[dict[str, Any]]:
    return [e.to_dict() for e in get_service(request).store.allow_list.list()]


@router.post(
    "/allow-list",
    response_model=AllowEntryOut,
    status_code=201,
    tags=["allow-list"],
    responses=_BAD_INPUT,
    summary="Allow a phrase or a subject (a reviewed false positive); in force from the next check",
)
def add_allow(body: AllowEntryIn, request: Request, key: AdminKey) -> dict[str, Any]:
    entry = get_service(request).actions.allow(
        body.kind, body.value, actor=actor(key), reason=body.reason, decision_id=body.decision_id
    )
    return entry.to_dict()


@router.delete(
    "/allow-list/{entry_id}",
    status_code=204,
    response_class=Response,
    tags=["allow-list"],
    responses=_NOT_FOUND,
    summary="Remove an allow-list entry",
)
def remove_allow(entry_id: Annotated[int, Path(ge=1, le=2**63 - 1)], request: Request, key: AdminKey) -> Response:
    get_service(request).actions.remove_allow_entry(entry_id, actor=actor(key))
    return Response(status_code=204)


# --- decisions, reviews, users -----------------------------------------------------------------


@router.get("/decisions", response_model=DecisionPage, tags=["decisions"], summary="Search the decision log")
def search_decisions(
    request: Request,
    key: AdminKey,
    user_id: Annotated[str | None, Query(max_length=200)] = None,
    verdict: Literal["allow", "review", "deny"] | None = None,
    rule_id: Annotated[str | None, Query(max_length=200)] = None,
    since: Annotated[float | None, Query(description="epoch seconds, inclusive")] = None,
    until: Annotated[float | None, Query(description="epoch seconds, exclusive")] = None,
    source: Annotated[str | None, Query(max_length=32)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    store = get_service(request).store
    query = DecisionQuery(
        user_id=user_id,
        verdict=verdict,
        rule_id=rule_id,
        since=since,
        until=until,
        source=source,
        limit=limit,
        offset=offset,
    )
    return {
        "items": [r.to_dict() for r in store.decisions.search(query)],
        "total": store.decisions.count(query),
        "limit": limit,
        "offset": offset,
    }


@router.get(
    "/decisions/{decision_id}",
    response_model=DecisionOut,
    tags=["decisions"],
    responses=_NOT_FOUND,
    summary="One decision",
)
def get_decision(decision_id: str, request: Request, key: AdminKey) -> dict[str, Any]:
    return get_service(request).actions.decision(decision_id).to_dict()


@router.post(
    "/decisions/{decision_id}/reviews",
    response_model=ReviewOut,
    status_code=201,
    tags=["decisions"],
    responses={**_NOT_FOUND, **_BAD_INPUT},
    summary="Record a review action on a decision (confirm, overturn with allow-list entries...)",
)
def review_decision(decision_id: str, body: ReviewIn, request: Request, key: AdminKey) -> dict[str, Any]:
    actions = get_service(request).actions
    if body.action == "overturn":
        review, _ = actions.overturn(
            decision_id, actor=actor(key), note=body.note, phrases=body.allow_phrases, subjects=body.allow_subjects
        )
    elif body.allow_phrases or body.allow_subjects:
        raise InputError("allow_phrases and allow_subjects go with the 'overturn' action", field="action")
    else:
        review = actions.review(decision_id, actor=actor(key), action=body.action, note=body.note)
    return review.to_dict()


@router.post(
    "/decisions/purge",
    response_model=PurgeOut,
    tags=["decisions"],
    summary="Delete decisions older than a number of days",
)
def purge_decisions(
    request: Request, key: AdminKey, older_than_days: Annotated[float, Query(ge=0, le=36500)]
) -> dict[str, Any]:
    cutoff = time.time() - older_than_days * 86400.0
    return {"removed": get_service(request).store.decisions.purge(cutoff), "older_than": cutoff}


@router.get("/users", response_model=list[UserOut], tags=["users"], summary="Users with denied requests, most first")
def list_users(
    request: Request,
    key: AdminKey,
    flagged: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> list[dict[str, Any]]:
    users = get_service(request).store.users.list(flagged=flagged, limit=limit, offset=offset)
    return [u.to_dict() for u in users]


@router.get("/users/{user_id}", response_model=UserOut, tags=["users"], responses=_NOT_FOUND, summary="One user")
def get_user(user_id: str, request: Request, key: AdminKey) -> dict[str, Any]:
    user = get_service(request).store.users.get(user_id)
    if user is None:
        raise not_found("user", user_id)
    return user.to_dict()


@router.put(
    "/users/{user_id}/flag",
    response_model=UserOut,
    tags=["users"],
    responses=_BAD_INPUT,
    summary="Flag or unflag a user",
)
def flag_user(user_id: str, body: UserFlagIn, request: Request, key: AdminKey) -> dict[str, Any]:
    return get_service(request).actions.flag_user(user_id, body.flagged, actor=actor(key), note=body.note).to_dict()


# --- operations ---------------------------------------------------------------------------------------


@router.post(
    "/reload",
    response_model=ReloadOut,
    tags=["operations"],
    summary="Re-read the policy file, the galleries and the allow-list now",
)
def reload(request: Request, key: AdminKey) -> dict[str, Any]:
    service = get_service(request)
    changed = service.reload(force=True)
    return {**changed, "policy_version": service.guard.policy.version, "policy_error": service.policy_error}
