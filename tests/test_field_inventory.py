"""Every model field of the project, classified. A new field fails here until someone decides what
it is (ADR 0017):

* ``E`` — encrypted: personal data, stored only as ciphertext (an ``Encrypted*`` field of
  ``atbalsts.lib.crypto``; ``rotate_keys`` re-encrypts it).
* ``P`` — pseudonymous: linked to a person only through ids, keys and case numbers, and holding
  process bookkeeping (who recorded it, when, which step, how many hours), not facts about who the
  person is or what happened to them.
* ``N`` — not personal: organisations, rules, public content, the de-identified statistical
  record, staff accounts' work identity and the audit trail's own keys.

To classify a new field, add its name to the right string of its model below.
"""

from __future__ import annotations

from django.apps import apps

from atbalsts.lib.crypto import EncryptedBinaryField, EncryptedTextField
from atbalsts.lib.rotation import encrypted_columns

E, P, N = "encrypted", "pseudonymous", "not personal"

INVENTORY: dict[str, dict[str, str]] = {
    # --- rules, organisations, staff, audit ----------------------------------------------------
    "policy.CalendarOverride": {N: "id date is_working_day note created_at"},
    # Staff accounts: the work identity of employees, not data of the people the system serves.
    "accounts.User": {N: "id password last_login is_superuser username first_name last_name email is_staff "
                         "is_active date_joined groups user_permissions"},
    "accounts.Organisation": {N: "id name short_name kind registration_number municipality is_active is_sandbox"},
    "accounts.Membership": {N: "id user organisation role is_active created_at"},
    # The trail names cases only by case number and holds no personal values (audit.log).
    "audit.AuditEvent": {P: "object_ref detail",
                         N: "id seq at actor_id actor_username organisation_id organisation_name role action "
                            "object_type purpose prev_hash hash chain key_id mac"},
    # De-identified: no link to a person or case, month granularity (ADR 0017).
    "statistics.StatisticalRecord": {N: "id sex age_band citizenship_group exploitation_forms "
                                        "exploitation_countries recruitment_method case_status ground "
                                        "opened_month recognised_month siva_outcome siva_received_month "
                                        "siva_decision_days course_start_month course_end_month "
                                        "course_closure_reason organisation_pk first_contact_kind age_band5 "
                                        "exploitation_age_band citizenship_country siva_refusal_reason "
                                        "siva_decision_working_days course_days person_cluster import_batch"},
    # A keyed Bloom-filter encoding of name, date of birth and sex, under the record's random key:
    # readable only with the linkage key, which stays outside the database (ADR 0020f).
    # A stamp per year of the trend's kept lines, replaced by a trigger on every write (no counts).
    "statistics.YearStamp": {N: "year token"},
    "statistics.LinkageEncoding": {P: "clk block_date block_name", N: "record_key organisation key_id"},
    # An import of an HTCDS/CTDC file into a sandbox: the file itself only while it is checked.
    "statistics.HtcdsImport": {E: "content", N: "id organisation started_by started_at profile file_format status "
                                                "rows_total rows_checked rows_imported errors error_count "
                                                "finished_at"},
    # What was published and its privacy cost; the publisher is a staff account (ADR 0020e).
    "statistics.Release": {N: "id title reference_year released_at released_by threshold mechanism epsilon "
                              "year_budget"},
    # --- people --------------------------------------------------------------------------------
    "people.Client": {E: "given_names surname personal_code birth_date sex citizenship languages phone email "
                         "address statistics_refs",
                      P: "id case_number organisation created_at updated_at"},
    "people.FamilyMember": {E: "given_names surname birth_date",
                            P: "id client relation accompanying lives_in_latvia created_at"},
    "people.CaseTeamMember": {P: "id client user role added_at"},
    # The client's organisation and opening time ride on each token so a search pages on the index alone.
    "people.SearchToken": {P: "id client digest organisation client_created_at"},
    "people.Consent": {E: "purpose",
                       P: "id client recipient categories valid_from valid_until method signed_form recorded_by "
                          "recorded_at withdrawn_at withdrawn_by recorded_at_organisation"},
    "people.ConsentDocument": {E: "content", P: "id client content_type size sha256 uploaded_by uploaded_at"},
    # --- identification ------------------------------------------------------------------------
    "identification.Case": {E: "statistics_ref exploitation_began_on exploitation_began_age",
                            P: "id client organisation opened_by opened_at status"},
    "identification.Interview": {E: "interpreter_language risk_groups needs exploitation_forms countries "
                                    "recruitment_method recruitment_website recruitment_country health_encrypted "
                                    "account",
                                 P: "id case date mode interpreter recorded_by recorded_at"},
    # The code names the question asked (every interview asks them all); the answer is encrypted.
    "identification.IndicatorAnswer": {E: "answer note", P: "id interview code"},
    "identification.MovementEvent": {E: "country city date", P: "id interview kind"},
    "identification.RecognitionGround": {E: "document_number document_date issuing_body standing",
                                         P: "id case ground commission recorded_by recorded_at"},
    "identification.Commission": {E: "reasoning no_indicator_reason age_when_exploitation_began",
                                  P: "id case meeting_date convened_by convened_at status conclusion concluded_at "
                                     "minor_at_meeting ruleset_code minor_for_means minor_basis criteria_reading"},
    "identification.CommissionMember": {E: "opinion",
                                        P: "id commission user organisation role assessed_at acknowledged_at invited"},
    "identification.CriterionFinding": {E: "found note", P: "id member code"},
    "identification.CaseDocument": {E: "content file_name",
                                    P: "id case kind ground commission content_type size sha256 source_sha256 "
                                       "created_by created_at"},
    "identification.LegalRepresentative": {E: "name relation", P: "id case basis recorded_by recorded_at"},
    "identification.CaseChild": {P: "id case member linked_by linked_at"},
    "identification.TravelSupport": {E: "from_country from_city accompanied_by",
                                     P: "id case travel_date cost recorded_by recorded_at children"},
    # What has been typed into the interview form so far, encrypted as a whole.
    "identification.InterviewDraft": {E: "data", P: "id case saved_by saved_at"},
    "identification.EligibilityNote": {E: "eu_citizen reflection_start reflection_end permit_status legal_basis "
                                          "legal_basis_note",
                                       P: "id case recorded_by recorded_at"},
    # --- decisions -----------------------------------------------------------------------------
    "decisions.Application": {E: "signatory_name",
                              P: "id case organisation ground submitted_by submitted_at received_on deadline "
                                 "signatory signed_on status"},
    # The letter's signatory: the deciding official's work identity, like accounts.User's names.
    "decisions.Decision": {E: "refusal_text",
                           P: "id application kind outcome service_start refusal_reason decided_on decided_by "
                              "decided_at supersedes",
                           N: "signatory_name signatory_position"},
    # The notice text names the case number and the outcome only (decisions.services._notice).
    "decisions.Notification": {P: "id organisation case decision text created_at"},
    "decisions.DecisionLetter": {E: "content", P: "id decision size sha256 created_at"},
    # --- rehabilitation ------------------------------------------------------------------------
    "rehabilitation.Course": {E: "closing_summary",
                              P: "id client organisation decision start actual_end closure_reason closed_by "
                                 "closed_at created_at"},
    "rehabilitation.ServiceEntry": {E: "partner_name receipt receipt_name note",
                                    P: "id course kind on specialist hours mode interpreter nights children_nights "
                                       "accommodation goods_category amount_eur receipt_content_type receipt_size "
                                       "receipt_sha256 document_type document_action training_step accompanied_to "
                                       "recorded_by recorded_at"},
    "rehabilitation.AftercareEntry": {E: "note",
                                      P: "id course kind on hours specialist support_kind family_member recorded_by "
                                         "recorded_at interpreter"},
    "rehabilitation.ProceedingsSupport": {E: "document_number document_date issuing_body document document_name",
                                          P: "id course document_kind document_content_type document_size "
                                             "document_sha256 start legal_aid recorded_by recorded_at updated_at"},
    # --- plans ---------------------------------------------------------------------------------
    "plans.Plan": {P: "id client organisation created_by created_at next_review_on"},
    "plans.PlanVersion": {E: "reason content", P: "id plan number created_by created_at review"},
    "plans.PlanActivityDue": {P: "id plan due"},
    "plans.PlanReview": {E: "conclusions", P: "id plan held_on next_review_on recorded_by recorded_at"},
    "plans.ReviewParticipant": {P: "id review user role"},
    # --- municipal -----------------------------------------------------------------------------
    "municipal.MunicipalCase": {P: "id reference organisation client provider_client contact_stage status "
                                   "opened_by opened_at closed_at follow_up_due"},
    "municipal.CaseStep": {E: "notes risk_groups needs health_encrypted activities interview_notes needs_assessment "
                              "home_visit_notes",
                           P: "id case step date fits_target_group outcome follow_up_on recorded_by recorded_at "
                              "interview_on home_visit_on"},
    # The consent itself lives in people.Consent (its signed form encrypted there).
    "municipal.OfficeConsent": {P: "id case consent recorded_by recorded_at"},
    "municipal.Screening": {E: "indicators criteria notes", P: "id case date recorded_by recorded_at"},
    "municipal.InformationRequest": {E: "asked answer recommendations",
                                     P: "id case provider client sent_on sent_by sent_at answered_on answered_by "
                                        "answered_at consent"},
    # --- referrals -----------------------------------------------------------------------------
    # What travelled is one encrypted snapshot; the rest are codes, dates and references.
    "referrals.Referral": {E: "content answer_note outcome_note",
                           P: "id reference type_code sender recipient sent_by sent_at client consent consents "
                              "anonymous categories origin_type origin_id status seen_at seen_by answered_at "
                              "answered_by decline_reason outcome outcome_at outcome_by"},
    "referrals.Notification": {P: "id organisation referral kind created_at read_at"},
    # --- tasks ---------------------------------------------------------------------------------
    # A task's title may name a case number only; the service refuses personal codes and names.
    "tasks.Task": {P: "id owner organisation title due client done_at created_at notice reference url"},
    "tasks.DigestPreference": {N: "id user language"},
    "tasks.DigestSent": {N: "id user day items sent_at"},
    # --- background workers (atbalsts.jobs, ADR 0023) ------------------------------------------
    # Machines and queued-task bookkeeping: worker ids, hosts, pids, task ids, step keys set by code.
    "jobs.WorkerLease": {N: "worker_id host pid started_at heartbeat_at"},
    "jobs.TaskRequeue": {N: "id task_result worker_id attempt outcome at"},
    "jobs.TaskStep": {N: "id task_result step at"},
    # --- referrals abroad (atbalsts.federation) ---------------------------------------------------
    # Partner hotlines are organisations, their keys public keys.
    "federation.PartnerHotline": {N: "id code country organisation languages hours phone email website exchange "
                                     "base_url signing_key encryption_key is_self is_active local_organisation "
                                     "registered_at"},
    # Who consented, how, to whom and for what, as codes; which items (field names), not their values.
    "federation.PartnerConsent": {P: "id organisation partner given_by channel purpose given_at recorded_by items"},
    "federation.Referral": {E: "data",
                            P: "id reference direction organisation partner package_id consent status decline_reason "
                               "outcome created_at delivered_at answered_at outcome_at created_by"},
    # The package is already encrypted for the partner, and encrypted again at rest.
    "federation.OutboxMessage": {E: "package",
                                 P: "id referral kind jti status attempts next_attempt_at expires_at last_error "
                                    "created_at delivered_at"},
    "federation.ReceivedPackage": {P: "id partner jti kind received_at expires_at"},
    # --- public portal and content -------------------------------------------------------------
    "portal.Service": {N: "id name kind address email languages is_24_7 closed_on_public_holidays is_free "
                          "description_lv description_en description_ru description_uk position is_active "
                          "holiday_hours_published website online_route_url online_route_lv online_route_en "
                          "online_route_ru online_route_uk staff_note region"},
    "portal.ServicePhone": {N: "id service number label_lv label_en label_ru label_uk position is_24_7"},
    "portal.OpeningHours": {N: "id service weekday opens closes"},
    "portal.ServiceSituation": {N: "id service code"},
    # Anonymous: no account, address or device data; what was written is encrypted.
    "portal.AnonymousReport": {E: "what_happened where safe_contact safe_time",
                               P: "id organisation reference danger_now language status received_at "
                                  "status_changed_at"},
    "portal.ReportAddition": {E: "text", P: "id report received_at"},
    # --- hotline contact log (issue 12 §1) -----------------------------------------------------
    # What the caller told is encrypted; the caller is only a keyed hash of their number or handle.
    "hotline.Contact": {E: "indicators exploitation_forms country advice shared_categories",
                        P: "id organisation reference started_at channel caller_type caller_choice language "
                           "duration_minutes outcome caller operator assigned_to client client_consent_at "
                           "created_at"},
    "hotline.CallerProfile": {P: "id organisation key created_at"},
    "hotline.ContactNote": {E: "text", P: "id contact author created_at"},
    "hotline.FollowUpTask": {E: "title", P: "id contact due assigned_to done created_by created_at"},
    # Counts per hotline, day, channel and kind: nobody in them.
    "hotline.CountOnlyTally": {N: "id organisation day channel kind count"},
    "content.InfoPage": {N: "page_ptr summary body"},
    "content.NewsIndexPage": {N: "page_ptr intro"},
    "content.NewsPage": {N: "page_ptr date summary body"},
    "content.EventIndexPage": {N: "page_ptr intro"},
    "content.EventPage": {N: "page_ptr start end place summary body"},
}


def project_fields() -> dict[str, dict[str, object]]:
    """Every field each project model declares itself (Wagtail's own page fields are Wagtail's)."""
    out = {}
    for model in apps.get_models():
        if not model.__module__.startswith("atbalsts."):
            continue
        fields = [*model._meta.local_fields, *model._meta.local_many_to_many]
        out[model._meta.label] = {f.name: f for f in fields}
    return out


def classified() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for label, classes in INVENTORY.items():
        for kind, names in classes.items():
            for name in names.split():
                assert name not in out.get(label, {}), f"{label}.{name} is classified twice"
                out.setdefault(label, {})[name] = kind
    return out


def test_every_field_of_every_project_model_is_classified():
    known = classified()
    missing = [f"{label}.{name}" for label, fields in project_fields().items() for name in fields
               if name not in known.get(label, {})]
    assert not missing, (
        "Classify these fields in tests/test_field_inventory.py as encrypted, pseudonymous or not personal: "
        + ", ".join(missing))


def test_the_inventory_names_no_field_that_does_not_exist():
    fields = project_fields()
    stale = [f"{label}.{name}" for label, names in classified().items() for name in names
             if name not in fields.get(label, {})]
    assert not stale, "No longer fields of the project: " + ", ".join(stale)


def test_a_field_classified_as_encrypted_is_stored_encrypted_and_only_those_are():
    known = classified()
    wrong = []
    for label, fields in project_fields().items():
        for name, field in fields.items():
            encrypted = isinstance(field, EncryptedTextField | EncryptedBinaryField)
            if (known.get(label, {}).get(name) == E) != encrypted:
                wrong.append(f"{label}.{name}")
    assert not wrong, "Classified as encrypted but stored in plaintext, or the other way round: " + ", ".join(wrong)


def test_key_rotation_covers_every_field_classified_as_encrypted():
    rotated = {(model._meta.label, column) for model, column in encrypted_columns()}
    fields = project_fields()
    expected = {(label, fields[label][name].column) for label, names in classified().items()
                for name, kind in names.items() if kind == E}
    assert expected <= rotated


def test_the_fields_the_issue_names_are_encrypted():
    known = classified()
    for label, name in [("people.Client", "sex"), ("identification.Interview", "exploitation_forms"),
                        ("identification.Interview", "countries"), ("identification.MovementEvent", "country"),
                        ("identification.TravelSupport", "from_country"),
                        ("rehabilitation.ProceedingsSupport", "document_number"),
                        ("rehabilitation.ProceedingsSupport", "issuing_body"),
                        ("identification.RecognitionGround", "document_number"),
                        ("identification.RecognitionGround", "issuing_body")]:
        assert known[label][name] == E, f"{label}.{name}"
