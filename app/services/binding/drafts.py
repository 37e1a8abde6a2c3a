"""The "+" flow up to the documents: starting or resuming a draft, the notice, the method, and who
the member is (checked against the registry and every rule of DESIGN.md §2.2 step 3)."""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlmodel import Session, delete, select

from app.models import BindingRequest, Document
from app.services import audit, ids, ratelimit, registry
from app.services.audit import Actor
from app.services.binding import exceptions as exceptions_module
from app.services.binding import rules, states
from app.services.binding.store import (
    RequestView,
    acting_actor,
    active_count_for_holder,
    active_holders_of,
    editable,
    holder_person,
    load,
    read_details,
    touch,
    view,
    void_letter,
    write_details,
)
from app.services.env import Env
from app.services.errors import DomainError, ValidationFailed

METHODS = ("id_number", "newborn")
TEXT_FIELDS = {"name": 40, "id_number": 24, "relationship": 16, "mother_name": 40, "mother_id_number": 24,
               "birth_certificate": 20, "declared_father": 3}
_EMPTY_ID = {"id_number": "member_id_empty", "mother_id_number": "mother_id_empty"}
STEPS = ("notice", "method", "who", "documents", "letter", "signature", "check")


def open_draft(env: Env, holder_id: int, *, client: str | None = None, actor: Actor | None = None) -> RequestView:
    """The holder's unfinished draft (resumed wherever it was left), or a new one. `actor`: a staff
    member assisting the holder at the counter (None: the holder)."""
    with env.db.transaction(immediate=True) as session:
        actor = acting_actor(env, session, holder_id, actor, client)
        holder_person(session, holder_id)
        now = env.clock.now()
        drafts = session.exec(
            select(BindingRequest).where(BindingRequest.holder_id == holder_id, BindingRequest.status == states.DRAFT)
            .order_by(BindingRequest.updated_at.desc())  # type: ignore[attr-defined]
        ).all()
        for old in drafts:
            if old.expires_at is not None and old.expires_at <= now:  # drafts last 30 days
                old.status = states.next_status(old.status, "expire")
        draft = next((d for d in drafts if d.status == states.DRAFT), None)
        if draft is None:
            now = env.clock.now()
            # A unique stand-in that fits the column until the row's id gives the real number.
            draft = BindingRequest(number=f"pending-{secrets.token_hex(8)}", holder_id=holder_id,
                                   created_at=now, updated_at=now)
            touch(env, draft)
            session.add(draft)
            session.flush()
            draft.number = f"FEC-{env.clock.today().year}-{draft.id:06d}"
            audit.record(session, "binding_started", now=now, account_id=holder_id, actor=actor,
                         request=draft.number)
        return view(env, session, draft)


def get(env: Env, holder_id: int, request_id: int) -> RequestView:
    with env.db.transaction() as session:
        return view(env, session, load(session, holder_id, request_id))


def go_to_step(env: Env, holder_id: int, request_id: int, step: str) -> RequestView:
    """Remember where the holder is, so they come back to the same step on any device."""
    if step not in STEPS:
        raise DomainError("not_found")
    with env.db.transaction(immediate=True) as session:
        request = load(session, holder_id, request_id)
        if request.status == states.DRAFT and request.step != step:
            request.step = step
            session.add(request)
        return view(env, session, request)


def accept_notice(env: Env, holder_id: int, request_id: int, version: int, *, agreed: bool) -> RequestView:
    if not agreed:
        raise ValidationFailed({"agree": "notice_not_agreed"})
    with env.db.transaction(immediate=True) as session:
        request = editable(env, session, holder_id, request_id, version)
        request.notice_accepted_at = request.notice_accepted_at or env.clock.now()
        request.step = "method"
        touch(env, request)
        return view(env, session, request)


def choose_method(env: Env, holder_id: int, request_id: int, version: int, method: str) -> RequestView:
    if method not in METHODS:
        raise ValidationFailed({"method": "invalid_choice"})
    with env.db.transaction(immediate=True) as session:
        request = editable(env, session, holder_id, request_id, version)
        if request.notice_accepted_at is None:
            raise DomainError("notice_not_agreed")
        if request.method != method:
            _forget_member(session, request)
        request.method = method
        request.step = "who"
        touch(env, request)
        return view(env, session, request)


def save_details(env: Env, holder_id: int, request_id: int, values: dict[str, str], *,
                 version: int | None = None) -> int:
    """Keep what is typed as it is typed (no checks yet); returns the new version. With `version`, a
    window that is behind another one gets DraftChanged instead of overwriting it."""
    clean = {k: str(v)[:limit] for k, v in values.items() if (limit := TEXT_FIELDS.get(k)) is not None}
    with env.db.transaction(immediate=True) as session:
        request = editable(env, session, holder_id, request_id, version)
        write_details(env, request, {**read_details(env, request), **clean})
        touch(env, request)
        return request.version


def _forget_member(session: Session, request: BindingRequest) -> None:
    """A different member makes the photos, the consent and the signed letter invalid."""
    session.exec(delete(Document).where(Document.request_id == request.id))  # type: ignore[call-overload]
    request.member_person_id = None
    request.relationship = None
    request.member_consent_at = None
    request.exceptions = request.exception_reason = request.exception_by_id = None
    void_letter(session, request)


def _field_errors(values: dict[str, str], today, names: tuple[str, str]) -> tuple[dict[str, str], str | None]:  # type: ignore[no-untyped-def]
    """Checks of one name and one ID number field; returns (errors, normalised ID number)."""
    name_field, id_field = names
    errors: dict[str, str] = {}
    name = registry.normalize_name(values.get(name_field, ""))
    if not name:
        errors[name_field] = "member_name_empty"
    elif len(name) > registry.MAX_NAME_LENGTH:
        errors[name_field] = "name_long"
    number = None
    try:
        number = ids.parse_id_number(values.get(id_field, ""), today).number
    except ids.InvalidIdNumber as exc:
        # "Enter your ID number" would invite the holder's own number here.
        errors[id_field] = _EMPTY_ID[id_field] if exc.reason == "empty" else f"id_{exc.reason}"
    return errors, number


def set_member(env: Env, holder_id: int, request_id: int, version: int | None, values: dict[str, str], *,
               client: str | None, actor: Actor | None = None) -> RequestView:
    """"Who" by ID number: find the person with exactly this name and ID and apply every rule."""
    errors, number = _field_errors(values, env.clock.today(), ("name", "id_number"))
    relationship = values.get("relationship", "")
    if relationship not in rules.RELATIONSHIPS:
        errors["relationship"] = "relationship_missing"
    if errors:
        raise ValidationFailed(errors)
    assert number is not None
    return _bind_person(env, holder_id, request_id, version, values, client=client, actor=actor,
                        find=lambda session: registry.match(session, env.crypto, values["name"], number),
                        relationship=relationship, not_found="person_not_found", error_field="id_number")


def set_newborn(env: Env, holder_id: int, request_id: int, version: int | None, values: dict[str, str], *,
                client: str | None, actor: Actor | None = None) -> RequestView:
    """"Who" for a newborn: the mother's name and ID and the birth certificate number find the baby."""
    errors, mother_number = _field_errors(values, env.clock.today(), ("mother_name", "mother_id_number"))
    certificate = "".join((values.get("birth_certificate") or "").split()).upper()
    if not certificate:
        errors["birth_certificate"] = "birth_certificate_empty"
    if errors:
        raise ValidationFailed(errors)
    assert mother_number is not None

    def find(session: Session):  # type: ignore[no-untyped-def]
        mother = registry.match(session, env.crypto, values["mother_name"], mother_number)
        baby = registry.find_by_birth_certificate(session, env.crypto, certificate)
        if mother is None or baby is None or baby.mother_id != mother.id:
            return None
        holder = holder_person(session, holder_id)
        is_father = mother.spouse_id == holder.id or (values.get("declared_father") == "yes" and holder.sex == "male")
        if holder.id != mother.id and not is_father:
            # Returned, not raised: the look-up is still counted and audited.
            return ValidationFailed({"mother_name": "newborn_parent_only"})
        return baby

    return _bind_person(env, holder_id, request_id, version, {**values, "birth_certificate": certificate},
                        client=client, actor=actor, find=find, relationship="child", not_found="newborn_not_found",
                        error_field="birth_certificate")


def _bind_person(env: Env, holder_id: int, request_id: int, version: int | None, values: dict[str, str], *,
                 client: str | None, actor: Actor | None, find, relationship: str, not_found: str,  # type: ignore[no-untyped-def]
                 error_field: str) -> RequestView:
    failure: DomainError | None = None
    with env.db.transaction(immediate=True) as session:
        actor = acting_actor(env, session, holder_id, actor, client)
        request = editable(env, session, holder_id, request_id, version)
        now = env.clock.now()
        key = f"binding_lookup:account:{holder_id}"
        ratelimit.check(session, key, limit=rules.LOOKUPS_PER_DAY, window=timedelta(days=1), now=now,
                        code="lookup_limit", field=error_field)
        ratelimit.record(session, key, now)
        person = find(session)
        holder = holder_person(session, holder_id)
        if isinstance(person, DomainError):
            audit.record(session, "binding_lookup_refused", now=now, account_id=holder_id, actor=actor)
            failure, person = person, None
        elif person is None:
            audit.record(session, "binding_lookup_not_matched", now=now, account_id=holder_id, actor=actor)
            failure = ValidationFailed({error_field: not_found})
        else:
            audit.record(session, "binding_lookup_matched", now=now, account_id=holder_id, actor=actor,
                         request=request.number)
            failure, exceptions = _rule_problem(env, session, request, holder, person, relationship=relationship,
                                                at_counter=actor.role == "staff")
        if failure is None:
            assert person is not None
            if person.id != request.member_person_id:
                _forget_member(session, request)
            elif relationship != request.relationship:
                void_letter(session, request)  # the letter names the relationship
            write_details(env, request, {**read_details(env, request),
                                         **{k: str(v)[:n] for k, v in values.items() if (n := TEXT_FIELDS.get(k))}})
            request.member_person_id = person.id
            request.relationship = relationship
            exceptions_module.record(session, request, exceptions, actor, now)
            request.step = "documents"
            touch(env, request)
            return view(env, session, request)
    raise failure  # the counted look-up and its audit event are committed first


def _rule_problem(env: Env, session: Session, request: BindingRequest, holder, person, *,  # type: ignore[no-untyped-def]
                  relationship: str, at_counter: bool) -> tuple[DomainError | None, tuple[str, ...]]:
    """What refuses this member, or the exceptions staff make for it at a counter (DESIGN.md §2.7): what the
    online rules send to a counter, the counter can do, with its evidence."""
    if person.id == holder.id:
        return ValidationFailed({"id_number": "member_is_self"}), ()
    today = env.clock.today()
    exceptions: tuple[str, ...] = ()
    if problem := rules.relationship_problem(relationship, holder.birth_date, person.birth_date, today):
        if not at_counter:
            return ValidationFailed({"relationship": problem}), ()
        exceptions, left = rules.counter_exceptions(relationship, holder.birth_date, person.birth_date, today)
        if left:
            return ValidationFailed({"relationship": left}), ()
    limit = limit_problem(session, request, person.id, third_holder=at_counter)
    if limit is not None and limit.code == rules.THIRD_HOLDER:
        return None, (*exceptions, rules.THIRD_HOLDER)
    return limit, exceptions


def limit_problem(session: Session, request: BindingRequest, person_id: int, *,
                  third_holder: bool = False) -> DomainError | None:
    """The limits, counted over submitted, in-review and approved requests (DESIGN.md §2.2). `third_holder`: at
    a counter one more holder is allowed as an exception (returned as the error `third_holder`)."""
    holders = active_holders_of(session, person_id)
    if request.holder_id in holders:
        return ValidationFailed({"id_number": "member_already_bound"})
    if active_count_for_holder(session, request.holder_id, besides=request.id) >= rules.MAX_MEMBERS:
        return DomainError("too_many_members")
    if len(holders) == rules.MAX_HOLDERS_PER_PERSON and third_holder:
        return DomainError(rules.THIRD_HOLDER)
    if len(holders) >= rules.MAX_HOLDERS_PER_PERSON:
        return DomainError("person_holder_limit" if len(holders) == rules.MAX_HOLDERS_PER_PERSON
                           else "person_holder_exception_limit")
    return None


def set_consent(env: Env, holder_id: int, request_id: int, version: int | None, *, agreed: bool,
                actor: Actor | None = None) -> RequestView:
    """"The family member agrees" ticked (`agreed`) or unticked; kept as soon as it changes, like every other
    answer. The same answer again changes nothing. Staff assisting at the counter are audited doing it."""
    with env.db.transaction(immediate=True) as session:
        actor = acting_actor(env, session, holder_id, actor, None)
        request = editable(env, session, holder_id, request_id, version)
        if agreed == (request.member_consent_at is not None):
            return view(env, session, request)
        request.member_consent_at = env.clock.now() if agreed else None
        if actor.role == "staff":
            audit.record(session, "binding_consent_recorded" if agreed else "binding_consent_removed",
                         now=env.clock.now(), account_id=holder_id, actor=actor, request=request.number)
        touch(env, request)
        return view(env, session, request)
