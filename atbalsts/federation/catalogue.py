"""The codes a referral package carries, with their names in the hotlines' languages.

A package crosses a border, so it never carries Latvian text: only codes, from the Human
Trafficking Case Data Standard 2.0 (HTCDS, IOM, CC BY 4.0; /work/shared/data/htcds) where it has
them, ISO 3166 country and ISO 639 language codes, and our own small lists for the answer and the
outcome (HTCDS has none for them). Each side shows the codes in its own operators' language.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# The HTCDS 2.0 version the packages follow, sent in every package.
HTCDS_VERSION = "2.0"


class Gender(models.TextChoices):
    # HTCDS prs_Gender
    FEMININE = "Feminine", _("Female")
    MASCULINE = "Masculine", _("Male")
    TRANSGENDER_FEMININE = "TransgenderFeminine", _("Transgender female")
    TRANSGENDER_MASCULINE = "TransgenderMasculine", _("Transgender male")
    NON_CONFORMING = "NonConforming", _("Gender non-conforming")
    UNKNOWN = "NonSpecifiedUnknown", _("Not said or unknown")


class TraffickingStatus(models.TextChoices):
    # HTCDS vic_TraffickingStatus
    POSSIBLE = "PossibleVictimOfTrafficking", _("Possible victim of trafficking")
    ACTUAL = "ActualVictimOfTrafficking", _("Recognised victim of trafficking")
    NOT_A_VICTIM = "NotAVictimOfTrafficking", _("Not a victim of trafficking")


class Exploitation(models.TextChoices):
    # HTCDS vic_TypeOfExploitation (the forms our hotlines meet)
    FORCED_LABOUR = "ForcedLabour", _("Forced labour")
    SEXUAL = "SexualExploitation", _("Sexual exploitation")
    FORCED_MARRIAGE = "ForcedMarriage", _("Forced or sham marriage")
    SERVITUDE = "Servitude", _("Servitude")
    FORCED_BEGGING = "ForcedBegging", _("Forced begging")
    FORCED_CRIMINALITY = "ForcedCriminality", _("Forced criminal activity")
    ORGAN_REMOVAL = "OrganRemoval", _("Organ removal")
    OTHER = "Other", _("Other exploitation")


class ReferralReason(models.TextChoices):
    # HTCDS cas_ReasonForOutgoingReferral / cas_ReasonForIncomingReferral
    ADDITIONAL_SERVICES = "AdditionalServicesRequired", _("Needs services in the partner's country")
    MIGRATION = "MigrationOrChangeOfLocation", _("Moved or is moving to the partner's country")
    OTHER = "Other", _("Other reason")


class Need(models.TextChoices):
    """What the person asks the partner for (our list; HTCDS has none for a referral's request)."""

    SAFE_HOUSING = "safe_housing", _("Safe accommodation")
    PSYCHOLOGICAL = "psychological", _("Psychological support")
    LEGAL = "legal", _("Legal advice")
    MEDICAL = "medical", _("Medical help")
    RETURN = "return", _("Help to return home safely")
    CONTACT_POLICE = "contact_police", _("Contact with the police")
    INFORMATION = "information", _("Information and advice")


class Language(models.TextChoices):
    """Languages the hotlines speak: ISO 639-1 codes (HTCDS prs_PrimaryLanguage allows them)."""

    LV = "lv", _("Latvian")
    ET = "et", _("Estonian")
    EN = "en", _("English")
    RU = "ru", _("Russian")
    UK = "uk", _("Ukrainian")
    LT = "lt", _("Lithuanian")
    PL = "pl", _("Polish")


class Country(models.TextChoices):
    """ISO 3166-1 alpha-2: the partner countries and the countries our cases most often name."""

    LV = "LV", _("Latvia")
    EE = "EE", _("Estonia")
    GB = "GB", _("United Kingdom")
    LT = "LT", _("Lithuania")
    IE = "IE", _("Ireland")
    DE = "DE", _("Germany")
    UA = "UA", _("Ukraine")
    PL = "PL", _("Poland")


class DeclineReason(models.TextChoices):
    NO_CAPACITY = "no_capacity", _("No capacity at the moment")
    OUT_OF_MANDATE = "out_of_mandate", _("Outside the partner's mandate")
    NOT_REACHABLE = "not_reachable", _("The person cannot be reached")
    DUPLICATE = "duplicate", _("Already referred")
    OTHER = "other", _("Other reason")


class Outcome(models.TextChoices):
    SUPPORTED = "supported", _("Support given")
    REFERRED_ON = "referred_on", _("Referred on to a local service")
    RETURNED_SAFELY = "returned_safely", _("Helped to return home safely")
    PERSON_DECLINED = "person_declined", _("The person declined support")
    CONTACT_LOST = "contact_lost", _("Contact lost")


class ConsentGiver(models.TextChoices):
    PERSON = "person", _("The person")
    LEGAL_REPRESENTATIVE = "legal_representative", _("The person's legal representative")


class ConsentChannel(models.TextChoices):
    PHONE = "phone", _("Said on the phone")
    IN_PERSON = "in_person", _("Said in person")
    WRITTEN = "written", _("In writing")
    CHAT = "chat", _("In a chat or e-mail")


class ConsentPurpose(models.TextChoices):
    REFERRAL = "referral", _("Referral to the partner hotline for support")
    REFERRAL_AND_RETURN = "referral_and_return", _("Referral for support and a safe return home")


# The largest lists a package may carry; nothing longer is read.
MAX_LIST = 10
MAX_NAME = 100
MAX_PHONE = 40
