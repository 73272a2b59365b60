"""Every unsafe request without its CSRF token is refused, whichever view it
reaches: the views are read from Pyramid's introspector, not from a list kept
by hand, so a new form is covered the day it is added.

Each view is posted to without a token (and with an empty one) by the first
person of a small world (tests/world.py) whom it does not turn away, with the
fields and buttons of the forms that post to it (found on the world's pages
as that person sees them), so that the request gets as far as the view would
go to act. The answer must be a 400 or the form back with the expired-form
message, and the database must be exactly as it was (its last transaction).
A view whose signed link stands for the token (the one-click rating and
unsubscribe of a mail) is posted with the signature altered; that the
signature it checks is what lets its post through is tested apart."""

import urllib.parse

import pytest
from conftest import PASSWORD
from pyramid.interfaces import IException
from pyramid.traversal import resource_path
from signing_ca import TestCA
from webtest import TestApp
from world import SLUG, build_world
from zope.interface.interface import InterfaceClass

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
EXPIRED = "This form had expired"
# Who is tried, in this order, until one is let in; None is an anonymous visitor.
CANDIDATES = (
    "administrator",
    "organiser",
    "juror",
    "expert",
    "editor",
    "moderator",
    "citizen",
    None,
)
# Views whose signed link stands for the CSRF token (consult.csrf.signed_instead):
# their forms are posted with the link's signature altered, and must refuse
# as any other form without its token.
SIGNED = {"rate-from-mail", "unsubscribe"}
# Views whose GET answers a file, not a page with forms (and may be slow, as a PDF).
NOT_PAGES = (".pdf", ".csv", ".xlsx", ".json", ".ics", "download")


def views_of(registry, unsafe_only):
    """(context class or None, view name, route name) of the views, exception
    views aside; with `unsafe_only` those that answer an unsafe method."""
    found = set()
    for item in registry.introspector.get_category("views"):
        view = item["introspectable"]
        context = view["context"]
        if (
            view["exception_only"]
            or (isinstance(context, type) and issubclass(context, BaseException))
            or (isinstance(context, InterfaceClass) and context.isOrExtends(IException))
        ):
            continue
        methods = view["request_methods"]
        if isinstance(methods, str):
            methods = (methods,)
        if unsafe_only and methods is not None and not set(methods) & UNSAFE:
            continue
        found.add((context, view["name"], view["route_name"]))
    return sorted(found, key=lambda v: (getattr(v[0], "__name__", ""), v[1], v[2] or ""))


def paths_of(registry, world, view):
    """The paths of `view` on each instance of its context in the world."""
    context, name, route_name = view
    if route_name is not None:
        pattern = registry.introspector.get("routes", route_name)["object"].pattern
        path = pattern.replace("{slug}", SLUG).replace("*subpath", "style.css")
        return ["/" + path.lstrip("/")]
    return [
        resource_path(resource).rstrip("/") + "/" + urllib.parse.quote(name)
        for resource in world.resources.get(context, ())
    ]


def split(url):
    parts = urllib.parse.urlsplit(url)
    return parts.path.rstrip("/") or "/", parts.query


class Site:
    """What one person sees: the forms on every page of the world, keyed by
    the path they post to (with their query), found once and kept."""

    def __init__(self, app, pages):
        self.app = app
        self.forms = {}  # path -> [(url, fields, buttons)]
        self.buttons = set()
        seen = set()
        links = set()
        for url in pages:
            links |= self._read(url, seen)
        for url in sorted(links - seen):
            self._read(url, seen)

    def _read(self, url, seen):
        seen.add(url)
        page = self.app.get(url, status="*")
        if page.status_int != 200 or "html" not in page.content_type:
            return set()
        for form in page.forms.values():
            if (form.method or "GET").upper() != "POST":
                continue
            action = urllib.parse.urljoin(page.request.url, form.action or page.request.url)
            path, query = split(action)
            fields = [(name, value) for name, value in form.submit_fields() if name != "csrf_token"]
            buttons = [
                (field.name, field.value or field.name)
                for same_name in form.fields.values()
                for field in same_name
                if type(field).__name__ == "Submit" and field.name
            ]
            self.buttons.update(name for name, _value in buttons)
            target = path + ("?" + query if query else "")
            self.forms.setdefault(path, []).append((target, fields, buttons))
        # Links with a query lead to forms for one thing (an article to
        # answer, a verifier): they are read too, one level deep; not those
        # that choose the language, which would change it for what follows.
        hrefs = (
            urllib.parse.urljoin(page.request.url, link["href"])
            for link in page.html.find_all("a", href=True)
        )
        return {
            "{}?{}".format(*split(href))
            for href in hrefs
            if "?" in href
            and href.startswith("http://localhost/")
            and not split(href)[0].startswith(("/static", "/set-language"))
        }

    def bodies(self, path, token):
        """(url, body) to post: each form's fields with each of its buttons;
        every button known when no form posts to `path`."""
        forms = self.forms.get(path.rstrip("/") or "/") or [
            (path, [], [(name, "1") for name in sorted(self.buttons)])
        ]
        for url, fields, buttons in forms:
            for button in buttons or [None]:
                body = list(fields) + ([button] if button else [])
                if token is not None:
                    body.append(("csrf_token", token))
                yield url, body


def altered(body):
    """`body` with its signed token's last character changed."""
    return [
        (name, value[:-1] + ("1" if value.endswith("0") else "0"))
        if name == "token" and value
        else (name, value)
        for name, value in body
    ]


def turned_away(response):
    location = response.headers.get("Location", "")
    return response.status_int in (403, 404, 409) or (
        response.status_int in (302, 303) and "/login" in location
    )


def refused(response):
    return response.status_int == 400 or EXPIRED in response.text


@pytest.fixture
def settings(settings, tmp_path):
    """Verification by digital signature on (its forms exist only then),
    with a test CA as the root."""
    return dict(
        settings,
        **{"consult.verification.nca_roots": TestCA().write_root(tmp_path / "root.pem")},
    )


@pytest.fixture
def world(database, clock):
    with database() as root:
        return build_world(root, clock, PASSWORD)


def signed_in(wsgi_app, world, role):
    app = TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en"})
    if role is not None:
        form = app.get("/login").forms["deform"]
        form["email"] = world.people[role]
        form["password"] = PASSWORD
        assert form.submit("login").status_int == 303, role
    return app


@pytest.mark.parametrize("token", [None, ""], ids=["missing", "empty"])
def test_every_unsafe_view_refuses_a_post_without_its_token(wsgi_app, world, token):
    registry = wsgi_app.registry
    database = registry._zodb_databases[""]
    views = views_of(registry, unsafe_only=True)
    assert len(views) > 40, "the introspector lists the app's views"
    pages = sorted(
        {
            path
            for view in views_of(registry, unsafe_only=False)
            for path in paths_of(registry, world, view)
            if not path.endswith(NOT_PAGES)
        }
        | set(world.links)
    )
    sites = {}

    def site(role):
        if role not in sites:
            sites[role] = Site(signed_in(wsgi_app, world, role), pages)
        return sites[role]

    failures = []
    for view in views:
        paths = paths_of(registry, world, view)
        if not paths:
            failures.append(
                f"{view[0].__name__}/{view[1]}: no {view[0].__name__} in tests/world.py"
            )
            continue
        verdict = None
        for path in paths:
            for role in CANDIDATES:
                person = site(role)  # signing in writes (a session, a staff sign-in)
                before = database.lastTransaction()
                responses = [
                    person.app.post(
                        url, params=altered(body) if view[1] in SIGNED else body, status="*"
                    )
                    for url, body in person.bodies(path, token)
                ]
                if database.lastTransaction() != before:
                    verdict = f"{path} as {role}: the database changed"
                    break
                if all(turned_away(response) for response in responses):
                    continue
                wrong = [f"{r.request.url} {r.status}" for r in responses if not refused(r)]
                verdict = f"{path} as {role}: accepted ({', '.join(wrong)})" if wrong else "ok"
                break
            if verdict is not None:
                break
        if verdict != "ok":
            failures.append(
                verdict or f"{view[0].__name__}/{view[1]}: nobody in tests/world.py is let in"
            )
    assert not failures, "\n".join(failures)


def test_signing_in_without_the_token_does_not_sign_in(app, make_user):
    """Login CSRF: a page elsewhere posting the attacker's credentials must
    not sign the visitor in as the attacker."""
    make_user("attacker@example.kz", "Someone", "Else")
    body = {"email": "attacker@example.kz", "password": PASSWORD, "came_from": "", "login": "login"}
    for token in (None, ""):
        params = dict(body) if token is None else dict(body, csrf_token=token)
        page = app.post("/login", params=params, status="*")
        assert EXPIRED in page.text
        assert app.get("/account").status_int == 303  # still anonymous: sent to sign in


def test_a_view_that_forgets_its_check_commits_nothing_without_a_token(settings, clock):
    """The commit veto (consult.csrf): even a view that skips every check
    cannot change the database on a post without the token."""
    from pyramid.httpexceptions import HTTPSeeOther

    from consult.clock import IClock
    from consult.config import configure
    from consult.resources.models import Root

    def careless(request):
        request.root.careless_writes = getattr(request.root, "careless_writes", 0) + 1
        return HTTPSeeOther("/")

    config = configure(settings)
    config.register_service(clock, IClock)
    config.add_view(careless, context=Root, name="careless", require_csrf=False)
    wsgi_app = config.make_wsgi_app()
    try:
        app = TestApp(wsgi_app)
        token = app.get("/login").forms["deform"]["csrf_token"].value
        database = wsgi_app.registry._zodb_databases[""]

        def writes():
            connection = database.open()
            try:
                return getattr(connection.root()["consult"], "careless_writes", 0)
            finally:
                connection.close()

        for params in ({}, {"csrf_token": ""}, {"csrf_token": token + "x"}):
            app.post("/careless", params=params, status=303)
            assert writes() == 0
        app.post("/careless", params={"csrf_token": token}, status=303)
        assert writes() == 1
        app.post("/careless", headers={"X-CSRF-Token": token}, status=303)
        assert writes() == 2
    finally:
        wsgi_app.registry.search_feeder.stop()
        wsgi_app.registry.campaign_worker.stop()
        wsgi_app.registry.import_worker.stop()
        for db in wsgi_app.registry._zodb_databases.values():
            db.close()


def test_a_signed_link_stands_for_the_token_and_an_altered_one_does_not(wsgi_app, world):
    """The one-click rating of an answer's mail is posted with no session:
    its signature lets the post commit, as the token would; altered, it
    changes nothing, whoever posts it."""
    database = wsgi_app.registry._zodb_databases[""]
    path, query = next(link for link in world.links if "/rate-from-mail?" in link).split("?")
    token = query.split("token=")[1]
    for person in (signed_in(wsgi_app, world, None), signed_in(wsgi_app, world, "citizen")):
        before = database.lastTransaction()
        [(_name, bad)] = altered([("token", token)])
        assert person.post(path, {"token": bad}, status=400)
        assert database.lastTransaction() == before
    anonymous = signed_in(wsgi_app, world, None)
    done = anonymous.post(path, {"token": token, "comment": "Thank you"}, status=200)
    assert "Thank you: the appeal is closed." in done.text
    assert database.lastTransaction() != before
