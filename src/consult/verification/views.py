"""The person's verification (account page), the census upload and staff
verification."""

import deform
from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from .. import limits
from ..accounts.models import Principals
from ..bodies import MiB
from ..clock import IClock
from ..forms import make_form, submitted, validate
from ..hashing import hash_keys
from ..i18n import _
from ..layout import flash
from ..resources.models import Root
from .census import CensusFileError, hashed_entries, parse_census
from .events import CensusLoaded, PersonVerified, VerificationWithdrawn
from .interfaces import EMAIL, VerificationError
from .models import (
    CensusUpload,
    census_of,
    level_of,
    records_of,
    release_signature_claim,
    remove_record,
)
from .registry import get_verifier, level_title, verifiers
from .schemas import CensusUploadSchema, MemoryTmpStore, StaffVerifySchema

TEMPLATES = "consult:templates/verification/"
MAX_UPLOAD_MB = 50
CENSUS_FORM_BYTES = (MAX_UPLOAD_MB + 1) * MiB  # the file and the form's few fields


def _button(name, title):
    return deform.Button(name=name, title=title)


def _self_form(request, verifier):
    return make_form(
        request,
        verifier.schema(),
        [_button("verify", _("Verify"))],
        action=request.resource_url(request.root, "verify", query={"verifier": verifier.name}),
        formid=f"verify-{verifier.name}",
    )


def panel_values(request, error=None):
    """What the account page shows about the person's verification."""
    principal = request.identity
    level = level_of(principal)
    rows = []
    for verifier in verifiers(request.registry):
        record = verifier.status(principal)
        form = None
        if record is None and verifier.self_service and verifier.schema() is not None:
            # Never filled in again: what was typed (an IIN) is not shown back.
            form = _self_form(request, verifier).render()
        rows.append(
            {
                "name": verifier.name,
                "title": verifier.title,
                "level": verifier.level,
                "when": request.layout.local_time(record.when) if record else None,
                "form": form,
                "staff": verifier.name == "staff" and record is None,
                "page": getattr(verifier, "page", None),
            }
        )
    return {
        "level": level,
        "level_title": level_title(level) if level else _("Not verified yet"),
        "rows": rows,
        "error": error,
    }


def _first_error(failure):
    errors = failure.error.asdict(translate=failure.field.translate)
    return next(iter(errors.values()), _("Please check what you entered."))


@view_config(context=Root, name="verify", renderer=TEMPLATES + "verify.pt", require_csrf=False)
def verify(request):
    """A verifier's form from the account page. On a refusal the page comes
    back with the reason; the number typed is not shown again."""
    principal = request.identity
    if principal is None:
        return HTTPSeeOther(
            request.resource_url(request.root, "login", query={"came_from": "/account"})
        )
    verifier = get_verifier(request.registry, request.params.get("verifier"))
    if verifier is None or not verifier.self_service:
        raise HTTPNotFound()
    if not submitted(request, "verify"):
        return {"panel": request.verification_panel()}
    form = _self_form(request, verifier)
    try:
        appstruct = form.validate(request.POST.items())
        # Each try tests a number against the census: counted per account
        # and per address, whatever its outcome.
        limits.check(request, "verification")
        limits.record(request, "verification")
        verifier.verify(request, principal, appstruct)
    except deform.ValidationFailure as failure:
        request.response.status = 400
        return {"panel": request.verification_panel(error=_first_error(failure))}
    except VerificationError as error:
        request.response.status = 400
        return {"panel": request.verification_panel(error=error.message)}
    except limits.RateLimited as error:
        limits.too_many(request, error)
        return {"panel": request.verification_panel(error=error.message)}
    request.registry.notify(PersonVerified(request, principal, verifier.name, verifier.level))
    flash(
        request,
        _(
            "Thank you: you are verified (${how}).",
            mapping={"how": request.localizer.translate(verifier.title)},
        ),
    )
    return HTTPSeeOther(request.resource_url(request.root, "account"))


# -- the census list (administrators) -----------------------------------------------


def _close_uploads(request):
    for value in request.POST.values():
        upload = getattr(value, "file", None)
        if upload is not None:
            upload.close()


def _census_values(request):
    census = census_of(request.root)
    upload = census.last_upload() if census is not None else None
    uploader = request.root["principals"].get(upload.by) if upload is not None else None
    return {
        "title": _("Census list"),
        "count": len(census) if census is not None else 0,
        "claimed": len(census.claims) if census is not None else 0,
        "upload": upload,
        "uploaded_at": request.layout.local_time(upload.when) if upload else None,
        "uploader": uploader.public_name if uploader is not None else None,
        "error": None,
        "errors": (),
    }


@view_config(
    context=Root,
    name="census",
    permission="manage",
    renderer=TEMPLATES + "census.pt",
    require_csrf=False,
    body_limit=CENSUS_FORM_BYTES,
)
def census(request):
    """Load a census file: all its rows or none, bad rows listed by line."""
    values = _census_values(request)
    form = make_form(
        request,
        CensusUploadSchema(),
        [_button("load", _("Load the file"))],
        bind={"tmpstore": MemoryTmpStore()},
    )
    if not submitted(request, "load"):
        return dict(values, form=form.render())
    request.add_finished_callback(_close_uploads)
    appstruct, rendered = validate(request, form)
    if appstruct is None:
        return dict(values, form=rendered)
    upload = appstruct["upload"]
    limit = MAX_UPLOAD_MB * 1024 * 1024
    data = upload["fp"].read(limit + 1)
    try:
        if len(data) > limit:
            raise CensusFileError(
                _(
                    "The file is too large: the limit is ${limit} MB.",
                    mapping={"limit": MAX_UPLOAD_MB},
                )
            )
        entries = parse_census(data)
    except CensusFileError as error:
        # The file is asked for again: nothing of it is kept.
        request.response.status = 400
        again = {key: value for key, value in appstruct.items() if key != "upload"}
        return dict(values, form=form.render(again), error=error.message, errors=error.errors)
    secret = hash_keys(request).current
    replace = appstruct["mode"] == "replace"
    record = CensusUpload(
        request.find_service(IClock).now(),
        request.identity.id,
        upload.get("filename") or "",
        len(entries),
        0,
        replace,
    )
    added = census_of(request.root, create=True).load(
        hashed_entries(secret, entries), record, replace=replace
    )
    request.registry.notify(CensusLoaded(request, request.root, record, added))
    flash(
        request,
        _(
            "The census file is loaded: ${rows} rows, ${added} people new to the list.",
            mapping={"rows": len(entries), "added": added},
        ),
    )
    return HTTPSeeOther(request.resource_url(request.root, "census"))


# -- verification by staff (moderators, administrators) ----------------------------------


def _staff_form(request):
    return make_form(
        request,
        StaffVerifySchema(),
        [_button("verify", _("Verify this person"))],
        action=request.resource_url(request.context, "verify"),
    )


def _person_values(request, person):
    if person is None:
        return None
    return {
        "id": person.id,
        "name": f"{person.first_name} {person.last_name}",
        "level_title": level_title(level_of(person)) if level_of(person) else _("Not verified"),
        "records": [
            {
                "name": name,
                "title": getattr(get_verifier(request.registry, name), "title", name),
                "when": request.layout.local_time(record.when),
                "removable": name != "email" and record.level > EMAIL,
            }
            for name, record in sorted(records_of(person).items())
        ],
    }


@view_config(
    context=Principals,
    name="verify",
    permission="moderate",
    renderer=TEMPLATES + "staff.pt",
    require_csrf=False,
)
def staff_verify(request):
    """A moderator records that they verified a person, with a note on how.
    People are found by their e-mail address: no list of accounts here."""
    principals = request.context
    staff = get_verifier(request.registry, "staff")
    form = _staff_form(request)
    person = principals.get(request.params.get("userid", ""))
    values = {
        "title": _("Verify a person"),
        "error": None,
        "person": _person_values(request, person),
    }
    if not submitted(request, "verify"):
        return dict(values, form=form.render({"email": person.email} if person else {}))
    appstruct, rendered = validate(request, form)
    if appstruct is None:
        return dict(values, form=rendered)
    person = principals.find_by_email(appstruct["email"])
    try:
        if person is None:
            raise VerificationError(_("No account uses this e-mail address."))
        staff.verify(request, person, appstruct)
    except VerificationError as error:
        request.response.status = 400
        return dict(values, form=form.render(appstruct), error=error.message)
    request.registry.notify(PersonVerified(request, person, staff.name, staff.level))
    flash(request, _("${name} is verified.", mapping={"name": person.public_name}))
    return HTTPSeeOther(request.resource_url(principals, "verify", query={"userid": person.id}))


@view_config(context=Principals, name="unverify", permission="moderate", request_method="POST")
def staff_unverify(request):
    """Withdraw a census or staff verification (a mistake, a claim disputed):
    the IIN of a census verification becomes free for another account."""
    principals = request.context
    person = principals.get(request.POST.get("userid", ""))
    name = request.POST.get("verifier", "")
    if person is None:
        raise HTTPNotFound()
    record = records_of(person).get(name)
    if name != "email" and record is not None:
        request.registry.notify(VerificationWithdrawn(request, person, record))
        remove_record(person, name)
        if name == "signature":
            release_signature_claim(request.root, record)
        census = census_of(request.root)
        if name == "census" and census is not None:
            for key in [key for key, owner in census.claims.items() if owner == person.id]:
                del census.claims[key]
        flash(
            request,
            _("The verification of ${name} is withdrawn.", mapping={"name": person.public_name}),
        )
    return HTTPSeeOther(request.resource_url(principals, "verify", query={"userid": person.id}))
