"""The dashboard over HTTP (no browser): sign-in, CSRF, the queue, actions, images, overview."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from consentry.content import CheckRequest
from consentry.gallery.store import HashList, Identity
from consentry.guard import Guard
from consentry.service.actions import Actions
from consentry.service.dashboard import build_router, install_error_pages
from consentry.store import SqlStore
from tests.conftest import make_png
from tests.dashboard.conftest import record


@pytest.fixture
def app(store: SqlStore, guard: Guard) -> FastAPI:
    app = FastAPI()
    install_error_pages(app)
    app.include_router(build_router(Actions(store, lambda: guard)))
    return app


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://testserver") as c:
        yield c


@pytest.fixture
def admin_token(store: SqlStore) -> str:
    return store.keys.create("admin", name="moderator-a")[1]


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF field on the page"
    return match.group(1)


def sign_in(client: TestClient, token: str) -> str:
    page = client.get("/dashboard/login")
    response = client.post(
        "/dashboard/login", data={"key": token, "csrf_token": csrf_of(page.text), "next": "/dashboard/queue"}
    )
    assert response.status_code == 200, response.text
    return csrf_of(response.text)


@pytest.fixture
def signed_in(client: TestClient, admin_token: str) -> str:
    """Signs the client in; returns the session's CSRF token."""
    return sign_in(client, admin_token)


# --- sign-in --------------------------------------------------------------------------------


def test_pages_redirect_to_sign_in_when_signed_out(client: TestClient) -> None:
    response = client.get("/dashboard/queue?user=u1", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/dashboard/login?next=%2Fdashboard%2Fqueue%3Fuser%3Du1"


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("csk_nope_nope", "not valid"),
        ("", "not valid"),
        ("check", "needs an admin key"),
    ],
)
def test_sign_in_refuses_bad_and_check_scope_keys(client: TestClient, store: SqlStore, key: str, message: str) -> None:
    if key == "check":
        key = store.keys.create("check")[1]
    page = client.get("/dashboard/login")
    response = client.post("/dashboard/login", data={"key": key, "csrf_token": csrf_of(page.text)})
    assert response.status_code == 401
    assert message in response.text
    assert "consentry_dashboard" not in response.cookies


def test_sign_in_without_the_login_cookie_nonce_is_refused(client: TestClient, admin_token: str) -> None:
    response = client.post("/dashboard/login", data={"key": admin_token, "csrf_token": "forged"})
    assert response.status_code == 401
    assert "expired" in response.text


def test_session_cookie_is_httponly_strict_and_scoped(client: TestClient, admin_token: str) -> None:
    page = client.get("/dashboard/login")
    response = client.post(
        "/dashboard/login", data={"key": admin_token, "csrf_token": csrf_of(page.text)}, follow_redirects=False
    )
    cookie = response.headers["set-cookie"]
    assert "consentry_dashboard=" in cookie
    for part in ("HttpOnly", "SameSite=strict", "Path=/dashboard"):
        assert part.lower() in cookie.lower()


def test_only_the_hash_of_the_session_token_is_stored(client: TestClient, store: SqlStore, signed_in: str) -> None:
    from sqlalchemy import select

    from consentry.store.models import DashboardSessionRow

    token = client.cookies["consentry_dashboard"]
    with store.database.session() as s:
        ids = list(s.scalars(select(DashboardSessionRow.id)))
    assert len(ids) == 1
    assert token not in ids[0]


def test_logout_ends_the_session_server_side(client: TestClient, signed_in: str) -> None:
    token = client.cookies["consentry_dashboard"]
    response = client.post("/dashboard/logout", data={"csrf_token": signed_in})
    assert "Signed out" in response.text
    client.cookies.set("consentry_dashboard", token, path="/dashboard")  # a stolen copy of the cookie
    assert client.get("/dashboard/queue", follow_redirects=False).status_code == 303


def test_revoking_the_key_ends_its_sessions(client: TestClient, store: SqlStore, signed_in: str) -> None:
    (key,) = [k for k in store.keys.list() if k.scope == "admin"]
    store.keys.revoke(key.id)
    assert client.get("/dashboard/queue", follow_redirects=False).status_code == 303


# --- CSRF -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "headers", "status"),
    [
        ("", {}, 403),
        ("wrong", {}, 403),
        ("GOOD", {"origin": "https://evil.example"}, 403),
        ("GOOD", {"origin": "http://testserver"}, 303),
        ("GOOD", {}, 303),
    ],
)
def test_actions_need_the_csrf_token_and_a_same_origin(
    client: TestClient, store: SqlStore, guard: Guard, signed_in: str, token: str, headers: dict[str, str], status: int
) -> None:
    decision_id = record(store, guard, "a nude photo of Ada Lovelace")
    response = client.post(
        f"/dashboard/decisions/{decision_id}/confirm",
        data={"csrf_token": signed_in if token == "GOOD" else token},
        headers=headers,
        follow_redirects=False,
    )
    assert response.status_code == status
    assert (store.decisions.get(decision_id).review_status == "confirm") is (status == 303)  # type: ignore[union-attr]


# --- the queue ------------------------------------------------------------------------------


def test_queue_shows_review_and_deny_newest_first_with_highlighted_spans(
    client: TestClient, store: SqlStore, guard: Guard, signed_in: str
) -> None:
    now = time.time()
    record(store, guard, "a nude photo of Ada Lovelace", created_at=now - 60)
    record(store, guard, "Mayor Quill in lingerie", created_at=now - 30)
    record(store, guard, "a portrait of Ada Lovelace", created_at=now - 10)  # allowed: not queued
    html = client.get("/dashboard/queue").text
    assert html.count('class="item ') == 2
    assert html.index("in ") < html.index(" photo of ")
    assert "portrait of" not in html
    assert '<mark class="hl hl-person" title="person.named 0.93">Ada Lovelace</mark>' in html
    assert '<mark class="hl hl-sexual" title="sexual.nudity 0.88">nude</mark>' in html
    assert "2 items" in html


def shown_prompts(html: str) -> set[str]:
    """The prompts on a page as plain text (highlight marks and their labels removed)."""
    import html as html_lib

    out = set()
    for raw in re.findall(r'data-testid="prompt">(.*?)</p>', html, flags=re.S):
        text = re.sub(r'<span class="hl-tag[^"]*">\w+</span>', "", raw)
        out.add(html_lib.unescape(re.sub(r"<[^>]+>", "", text)))
    return out


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("rule=review-suggestive-real-person", {"Mayor Quill in lingerie"}),
        ("rule=deny-sexual-real-person&user=user-2", {"nude Mayor Quill"}),
        ("user=user-2", {"nude Mayor Quill"}),
        ("verdict=review", {"Mayor Quill in lingerie"}),
        ("since=2020-01-01&until=2020-01-01", {"old nude Ada Lovelace"}),
        ("until=2020-01-02", {"old nude Ada Lovelace"}),
        ("source=scan", {"scanned nude Ada Lovelace"}),
        (
            "",
            {
                "a nude photo of Ada Lovelace",
                "Mayor Quill in lingerie",
                "nude Mayor Quill",
                "old nude Ada Lovelace",
                "scanned nude Ada Lovelace",
            },
        ),
    ],
)
def test_queue_filters(
    client: TestClient, store: SqlStore, guard: Guard, signed_in: str, query: str, expected: set[str]
) -> None:
    record(store, guard, "a nude photo of Ada Lovelace")
    record(store, guard, "Mayor Quill in lingerie")
    record(store, guard, "nude Mayor Quill", user="user-2")
    record(store, guard, "old nude Ada Lovelace", created_at=1577880000.0)  # 2020-01-01 12:00 UTC
    record(store, guard, "scanned nude Ada Lovelace", source="scan", user=None)
    record(store, guard, "a portrait of Ada Lovelace")  # allowed: never in the queue
    html = client.get(f"/dashboard/queue?status=all&{query}").text
    assert shown_prompts(html) == expected


def test_a_bad_date_filter_is_a_400(client: TestClient, signed_in: str) -> None:
    assert client.get("/dashboard/queue?since=yesterday").status_code == 400


def test_prompt_kept_as_hash_only_says_so(client: TestClient, store: SqlStore, guard: Guard, signed_in: str) -> None:
    record(store, guard, "a nude photo of Ada Lovelace", prompt_logging="hash")
    html = client.get("/dashboard/queue").text
    assert "Prompt text not kept" in html
    assert "Ada Lovelace" not in html


def test_prompt_with_html_is_escaped_on_the_page(
    client: TestClient, store: SqlStore, guard: Guard, signed_in: str
) -> None:
    record(store, guard, '<script>alert("x")</script> nude Ada Lovelace')
    html = client.get("/dashboard/queue").text
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


# --- actions --------------------------------------------------------------------------------


def test_overturn_with_allow_list_takes_effect_on_the_next_check_and_is_logged(
    client: TestClient, store: SqlStore, guard: Guard, signed_in: str
) -> None:
    prompt = "a nude photo of Ada Lovelace"
    decision_id = record(store, guard, prompt)
    assert guard.check(CheckRequest(prompt, adult_content=True)).verdict == "deny"
    response = client.post(
        f"/dashboard/decisions/{decision_id}/overturn",
        data={"csrf_token": signed_in, "allow_phrase": "photo of Ada Lovelace", "note": "public-domain painting"},
    )
    assert "allow-list entries apply from the next check" in response.text
    assert guard.check(CheckRequest(prompt, adult_content=True)).verdict == "allow"
    # scoped to the phrase: the person is still protected everywhere else
    assert guard.check(CheckRequest("Ada Lovelace nude on a bed", adult_content=True)).verdict == "deny"
    (entry,) = store.allow_list.list()
    assert (entry.kind, entry.value, entry.created_by, entry.decision_id) == (
        "phrase",
        "photo of Ada Lovelace",
        "moderator-a (key " + entry.created_by.split("key ")[1],
        decision_id,
    )
    (action,) = store.reviews.list(decision_id=decision_id)
    assert action.action == "overturn"
    assert action.actor.startswith("moderator-a (key ")
    assert "public-domain painting" in action.note and "photo of Ada Lovelace" in action.note
    assert store.decisions.get(decision_id).review_status == "overturn"  # type: ignore[union-attr]


def test_overturned_item_leaves_the_open_queue(
    client: TestClient, store: SqlStore, guard: Guard, signed_in: str
) -> None:
    decision_id = record(store, guard, "a nude photo of Ada Lovelace")
    client.post(f"/dashboard/decisions/{decision_id}/overturn", data={"csrf_token": signed_in})
    assert "Nothing to review" in client.get("/dashboard/queue").text
    assert decision_id in client.get("/dashboard/queue?status=all").text
    assert store.allow_list.list() == []


def test_flag_and_unflag_a_user_are_recorded(client: TestClient, store: SqlStore, guard: Guard, signed_in: str) -> None:
    record(store, guard, "a nude photo of Ada Lovelace", user="user-9")
    client.post("/dashboard/users/flag", data={"csrf_token": signed_in, "user_id": "user-9", "flagged": "1"})
    assert store.users.get("user-9").flagged  # type: ignore[union-attr]
    assert "Unflag user" in client.get("/dashboard/queue").text
    client.post("/dashboard/users/flag", data={"csrf_token": signed_in, "user_id": "user-9", "flagged": "0"})
    assert not store.users.get("user-9").flagged  # type: ignore[union-attr]
    actions = [(a.action, a.actor.split(" (")[0]) for a in store.reviews.list(user_id="user-9")]
    assert actions == [("unflag", "moderator-a"), ("flag", "moderator-a")]


def test_next_parameter_cannot_redirect_off_the_dashboard(
    client: TestClient, store: SqlStore, guard: Guard, signed_in: str
) -> None:
    decision_id = record(store, guard, "a nude photo of Ada Lovelace")
    response = client.post(
        f"/dashboard/decisions/{decision_id}/confirm",
        data={"csrf_token": signed_in, "next": "https://evil.example/"},
        follow_redirects=False,
    )
    assert response.headers["location"].startswith(f"/dashboard/decisions/{decision_id}?notice=confirmed")


# --- images ---------------------------------------------------------------------------------


def test_images_are_blurred_until_a_logged_reveal(
    client: TestClient, store: SqlStore, guard: Guard, signed_in: str
) -> None:
    decision_id = record(store, guard, "a nude photo of Ada Lovelace", images=[make_png(64, 64)])
    base = f"/dashboard/decisions/{decision_id}/images/input:0"
    page = client.get(f"/dashboard/decisions/{decision_id}").text
    assert f'src="/dashboard/decisions/{decision_id}/images/input%3A0/blurred.png"' in page
    assert "clear.png" not in page
    assert client.get(f"{base}/blurred.png").headers["content-type"] == "image/png"
    assert client.get(f"{base}/clear.png").status_code == 403
    response = client.post(f"{base}/reveal", data={"csrf_token": signed_in}, headers={"accept": "application/json"})
    assert response.json() == {"url": f"/dashboard/decisions/{decision_id}/images/input%3A0/clear.png"}
    assert client.get(f"{base}/clear.png").status_code == 200
    (reveal,) = [a for a in store.reviews.list(decision_id=decision_id) if a.action == "reveal"]
    assert reveal.note == "input:0" and reveal.actor.startswith("moderator-a")
    assert store.decisions.get(decision_id).review_status is None  # a reveal does not settle the item  # type: ignore[union-attr]


def test_images_not_stored_show_a_placeholder(
    client: TestClient, store: SqlStore, guard: Guard, signed_in: str
) -> None:
    decision_id = record(store, guard, "a nude photo of Ada Lovelace", images=[make_png()], keep_images=False)
    html = client.get("/dashboard/queue").text
    assert "Image not stored" in html
    assert "blurred.png" not in html
    assert client.get(f"/dashboard/decisions/{decision_id}/images/input:0/blurred.png").status_code == 404


def test_image_endpoints_need_a_session(client: TestClient, store: SqlStore, guard: Guard) -> None:
    decision_id = record(store, guard, "a nude photo of Ada Lovelace", images=[make_png()])
    response = client.get(f"/dashboard/decisions/{decision_id}/images/input:0/blurred.png", follow_redirects=False)
    assert response.status_code == 303


# --- overview, galleries, allow-list --------------------------------------------------------


def test_overview_counts_per_day_top_rules_and_repeat_users(
    client: TestClient, store: SqlStore, guard: Guard, signed_in: str
) -> None:
    for _ in range(3):
        record(store, guard, "a nude photo of Ada Lovelace", user="repeat-user")
    record(store, guard, "Mayor Quill in lingerie", user="other-user")
    record(store, guard, "a portrait of Ada Lovelace", user="other-user")
    html = client.get("/dashboard/overview").text
    assert re.search(r'<span class="stat">3</span> denied', html)
    assert re.search(r'<span class="stat">1</span> held for review', html)
    assert re.search(r'<span class="stat">1</span> allowed', html)
    assert "<svg" in html and "deny: 3</title>" in html
    assert re.search(r"deny-sexual-real-person</a></td><td class=\"num\">3<", html)
    assert "repeat-user</a></td>" in html and "other-user</a></td>" not in html


def test_galleries_disable_and_remove_refresh_the_guard(
    client: TestClient, store: SqlStore, signed_in: str, monkeypatch: pytest.MonkeyPatch, guard: Guard
) -> None:
    store.gallery.add_identity(Identity(id="id-quill", name="Mayor Quill", aliases=("M. Quill",)))
    store.gallery.add_hash_list(HashList(id="list-1", name="Known list"))
    refreshed: list[bool] = []
    monkeypatch.setattr(guard, "refresh_galleries", lambda: refreshed.append(True))
    html = client.get("/dashboard/galleries").text
    assert "Mayor Quill" in html and "Known list" in html
    client.post("/dashboard/galleries/identity/id-quill/disable", data={"csrf_token": signed_in})
    assert not store.gallery.get_identity("id-quill").enabled  # type: ignore[union-attr]
    client.post("/dashboard/galleries/hash-list/list-1/remove", data={"csrf_token": signed_in})
    assert store.gallery.list_hash_lists() == []
    client.post("/dashboard/galleries/gallery/default/disable", data={"csrf_token": signed_in})
    assert store.gallery.disabled_galleries() == {"default"}
    assert refreshed == [True, True, True]
    assert [a.action for a in store.reviews.list()][:3] == ["gallery-disable", "hash-list-remove", "identity-disable"]
    missing = client.post("/dashboard/galleries/identity/nobody/remove", data={"csrf_token": signed_in})
    assert missing.status_code == 404


def test_matched_identity_is_named_in_the_findings(
    client: TestClient, store: SqlStore, guard: Guard, signed_in: str
) -> None:
    store.gallery.add_identity(Identity(id="mayor-quill", name="Mayor Quill", gallery="officials"))
    record(store, guard, "nude Mayor Quill")
    assert "Mayor Quill (protected identity mayor-quill, gallery officials)" in client.get("/dashboard/queue").text


def test_removing_an_allow_list_entry_stops_it_applying(
    client: TestClient, store: SqlStore, guard: Guard, signed_in: str
) -> None:
    prompt = "a nude photo of Ada Lovelace"
    decision_id = record(store, guard, prompt)
    client.post(
        f"/dashboard/decisions/{decision_id}/overturn",
        data={"csrf_token": signed_in, "allow_phrase": "photo of Ada Lovelace"},
    )
    (entry,) = store.allow_list.list()
    assert guard.check(CheckRequest(prompt, adult_content=True)).verdict == "allow"
    assert "photo of Ada Lovelace" in client.get("/dashboard/allow-list").text
    client.post(f"/dashboard/allow-list/{entry.id}/remove", data={"csrf_token": signed_in})
    assert store.allow_list.list() == []
    assert guard.check(CheckRequest(prompt, adult_content=True)).verdict == "deny"


def test_pages_send_a_strict_content_security_policy(client: TestClient, signed_in: str) -> None:
    for path in ("/dashboard/queue", "/dashboard/overview", "/dashboard/galleries", "/dashboard/allow-list"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert response.headers["x-frame-options"] == "DENY"


def test_static_files_are_served_and_others_are_not(client: TestClient) -> None:
    assert client.get("/dashboard/static/dashboard.css").headers["content-type"].startswith("text/css")
    assert client.get("/dashboard/static/../auth.py").status_code == 404
    assert client.get("/dashboard/static/auth.py").status_code == 404


@pytest.mark.parametrize(
    ("prompt", "offered"),
    [
        ("nude schoolgirl and Mayor Quill", ["and Mayor Quill"]),  # no sexual term, no minor sign
        ("Mayor Quill", []),  # a name alone would unprotect the person everywhere
        ("portrait of Mayor Quill at the town hall, nude", ["portrait of Mayor Quill at the town"]),
        ("Ada Lovelace, nude; Mayor Quill in lingerie at dawn", ["Mayor Quill in"]),
    ],
)
def test_overturn_offers_only_people_in_context_as_allow_list_candidates(
    client: TestClient, store: SqlStore, guard: Guard, signed_in: str, prompt: str, offered: list[str]
) -> None:
    decision_id = record(store, guard, prompt)
    html = client.get(f"/dashboard/decisions/{decision_id}").text
    assert re.findall(r'name="allow_(\w+)" value="([^"]+)"', html) == [("phrase", p) for p in offered]
    assert 'name="allow_subject"' not in html


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"allow_subject": "ada-lovelace"}, "not subjects"),
        ({"allow_phrase": "a nude photo of Ada Lovelace"}, "is itself sexual"),
        ({"allow_extra": "Ada Lovelace"}, "does not hold a person this decision found together with words"),
        ({"allow_extra": "a photo of Mayor Quill"}, "does not hold a person this decision found"),
    ],
)
def test_the_server_refuses_what_the_dashboard_does_not_offer(
    client: TestClient, store: SqlStore, guard: Guard, signed_in: str, data: dict[str, str], fragment: str
) -> None:
    prompt = "a nude photo of Ada Lovelace"
    decision_id = record(store, guard, prompt)
    response = client.post(f"/dashboard/decisions/{decision_id}/overturn", data={"csrf_token": signed_in, **data})
    assert response.status_code == 400
    assert fragment in response.text.replace("&#39;", "'")
    assert store.allow_list.list() == []
    assert guard.check(CheckRequest(prompt, adult_content=True)).verdict == "deny"


def test_hash_match_names_its_list(client: TestClient, store: SqlStore, signed_in: str) -> None:
    from consentry.types import Decision

    store.gallery.add_hash_list(HashList(id="partner", name="Partner list", enabled=False))
    finding = {
        "kind": "hash.match",
        "score": 1.0,
        "detector": "pdq@1",
        "reason": "hash_match",
        "subject": "partner:item-9",
        "evidence": {"distance": 12, "list": "partner"},
    }
    decision = Decision("deny", "denied", ("deny-known-ncii",), "p1")
    rec = store.decisions.record(decision, CheckRequest("a harmless prompt"))
    with store.database.session() as s:
        from sqlalchemy import update

        from consentry.store.models import DecisionRow

        s.execute(update(DecisionRow).where(DecisionRow.id == rec.id).values(findings=[finding]))
    html = client.get(f"/dashboard/decisions/{rec.id}").text
    assert "partner:item-9; hash list &#39;Partner list&#39;, disabled" in html
    assert 'name="allow_subject"' not in html


def test_errors_are_pages_with_the_reason(client: TestClient, signed_in: str) -> None:
    response = client.get("/dashboard/decisions/no-such-id")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "no such decision" in response.text
    refused = client.post("/dashboard/users/flag", data={"user_id": "u", "csrf_token": "wrong"})
    assert refused.status_code == 403 and "CSRF token" in refused.text


def test_blurred_thumbnails_are_cached_but_not_served_after_a_purge(
    client: TestClient, store: SqlStore, guard: Guard, signed_in: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from consentry.service.dashboard import images

    decision_id = record(store, guard, "a nude photo of Ada Lovelace", images=[make_png(64, 64)])
    url = f"/dashboard/decisions/{decision_id}/images/input:0/blurred.png"
    made: list[bool] = []
    real = images.thumbnail_png
    monkeypatch.setattr(images, "thumbnail_png", lambda data, blur: made.append(blur) or real(data, blur=blur))
    first, second = client.get(url), client.get(url)
    assert first.content == second.content and made == [True]
    store.decisions.purge(time.time() + 1)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("query", "shown"),
    [("", {"Mayor Quill", "Kit Marlow"}), ("quill", {"Mayor Quill"}), ("K.+M", set()), ("marlowe", {"Kit Marlow"})],
)
def test_galleries_search_by_name_alias_or_id(
    client: TestClient, store: SqlStore, signed_in: str, query: str, shown: set[str]
) -> None:
    store.gallery.add_identity(Identity(id="id-quill", name="Mayor Quill"))
    store.gallery.add_identity(Identity(id="id-kit", name="Kit Marlow", aliases=("Kit Marlowe",)))
    html = client.get("/dashboard/galleries", params={"q": query}).text
    assert {n for n in ("Mayor Quill", "Kit Marlow") if f"<td>{n}</td>" in html} == shown
    assert f"{len(shown)} of 2 identities" in html


def test_reveal_without_javascript_redirects_to_the_decision_with_the_clear_image(
    client: TestClient, store: SqlStore, guard: Guard, signed_in: str
) -> None:
    decision_id = record(store, guard, "a nude photo of Ada Lovelace", images=[make_png(16, 16)])
    page = client.post(f"/dashboard/decisions/{decision_id}/images/input:0/reveal", data={"csrf_token": signed_in})
    assert page.url.path == f"/dashboard/decisions/{decision_id}" and page.url.fragment == "image-input:0"
    assert 'data-state="clear"' in page.text and "clear.png" in page.text


def test_repeat_users_are_flagged_from_the_overview(
    client: TestClient, store: SqlStore, guard: Guard, signed_in: str
) -> None:
    for _ in range(2):
        record(store, guard, "a nude photo of Ada Lovelace", user="user-5")
    page = client.get("/dashboard/overview")
    assert 'aria-label="Flag user-5"' in page.text
    after = client.post(
        "/dashboard/users/flag",
        data={"csrf_token": signed_in, "user_id": "user-5", "flagged": "1", "next": "/dashboard/overview"},
    )
    assert "User flagged for review." in after.text and 'aria-label="Unflag user-5"' in after.text


@pytest.mark.parametrize(
    ("next_url", "safe"),
    [
        ("/dashboard/queue?user=u1", True),
        ("/dashboard/decisions/abc#image-input:0", True),
        ("https://evil.example/dashboard/", False),
        ("//evil.example/dashboard/", False),
        ("/dashboardx/", False),
        ("/dashboard/\r\nSet-Cookie: x=1", False),
        ("/dashboard/\\evil", False),
        ("", False),
    ],
)
def test_next_urls_stay_on_the_dashboard(next_url: str, safe: bool) -> None:
    from consentry.service.dashboard.pages import safe_next

    assert (safe_next(next_url, "/dashboard/queue") == next_url) is safe
