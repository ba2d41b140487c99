"""What a municipal case records against, declared as data: ``(code, Latvian, English)``.

The risk groups, needs, health issues (§6), indicators (§5) and criteria (§4) are the
identification stage's lists (``atbalsts.identification.catalogue``): one list, one meaning.
Here only what is the social service's own: the activities of its plan.

Pure: no database.
"""

from __future__ import annotations

from atbalsts.identification.catalogue import Entry

STATE_REHABILITATION = "state_rehabilitation"

# Activities of the social service's individual plan (step 3). The state-funded social
# rehabilitation service for victims of trafficking is one of them.
ACTIVITIES: tuple[Entry, ...] = (
    (STATE_REHABILITATION, "Valsts apmaksāts sociālās rehabilitācijas pakalpojums cilvēku tirdzniecības upuriem",
     "State-funded social rehabilitation service for victims of trafficking"),
    ("social_work", "Sociālā darbinieka konsultācijas un gadījuma vadīšana",
     "Social worker consultations and case management"),
    ("psychologist", "Psihologa konsultācijas", "Psychologist consultations"),
    ("shelter_housing", "Patversme, krīzes centrs vai mājoklis", "Shelter, crisis centre or housing"),
    ("benefits", "Sociālā palīdzība un pabalsti", "Social assistance and benefits"),
    ("documents", "Palīdzība dokumentu atjaunošanā", "Help restoring documents"),
    ("medical", "Medicīniskā palīdzība", "Medical care"),
    ("employment", "Nodarbinātība (Nodarbinātības valsts aģentūra)", "Employment (State Employment Agency)"),
    ("education", "Izglītība vai apmācība", "Education or training"),
    ("legal_aid", "Juridiskā palīdzība", "Legal aid"),
    ("family_support", "Atbalsts ģimenei un bērniem", "Support for the family and children"),
    ("other", "Cits", "Other"),
)
