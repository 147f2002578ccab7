"""What the demo's race cards are made of: real French courses with the races they hold,
named as those courses name them, and people who fit the discipline (drivers for trotting
in harness, riders for mounted trot, flat jockeys, jump jockeys), with horses named the way
trotters, flat horses and jumpers are named.

`card(index)` is a pure choice among them: the demo's services turn it into rows.
"""

from __future__ import annotations

from dataclasses import dataclass

# Trotters carry a name whose first letter is their year of birth's (I, J, K...).
TROTTERS = [
    "Idao de Tillard",
    "Hooker Berry",
    "Go On Boy",
    "Ampia Mede",
    "Hokkaido Jiel",
    "Inmarosa",
    "Izoard Vedaquais",
    "Jushua Tree",
    "Hussard du Landret",
    "Kalypso Jiel",
    "Hohneck",
    "Gu d'Héripré",
    "Ideal Ligneries",
    "Fakir du Lorault",
    "Just Love You",
    "Iroise de la Noé",
    "Etonnant",
    "Horsy Dream",
    "Italiano Vero",
    "Jasmine de Vandel",
]
FLAT_HORSES = [
    "Soleil de Minuit",
    "Royal Marathon",
    "Silver Crescent",
    "Belle de Mai",
    "Night Sparrow",
    "Golden Tide",
    "Mister Ardent",
    "Dame Blanche",
    "Kingsgate",
    "Tiger Lily",
    "Val d'Oise",
    "Northern Quest",
    "Amazone Bleue",
    "Lord Chambord",
    "Sea Breeze Bay",
    "Reine des Prés",
    "Captain Blue",
    "Ciel d'Orage",
]
JUMPERS = [
    "Roi du Brouillard",
    "Saint Amour",
    "Fier de Tout",
    "Baron d'Auteuil",
    "Grand Vizir",
    "Mont Ventoux",
    "Sous les Étoiles",
    "Vent d'Ouest",
    "Hardi Mousquetaire",
    "Cap Fréhel",
    "Capitaine Fracasse",
    "L'Ami Serge",
    "Sirène du Nord",
    "Trésor Caché",
    "Beau Geste",
    "Rocher Noir",
]
DRIVERS = [
    "E. Raffin",
    "J.-M. Bazire",
    "B. Rochard",
    "F. Nivard",
    "D. Thomain",
    "Y. Lebourgeois",
    "N. Bazire",
    "M. Abrivard",
    "G. Gelormini",
    "A. Abrivard",
]
TROT_RIDERS = ["M. Mottier", "A. Lamy", "E. Raffin", "A. Barrier", "D. Thomain", "P.-Y. Verva"]
FLAT_JOCKEYS = [
    "C. Soumillon",
    "M. Guyon",
    "P.-C. Boudot",
    "A. Lemaitre",
    "S. Pasquier",
    "T. Piccone",
    "M. Barzalona",
    "O. Peslier",
    "C. Demuro",
    "A. Pouchin",
]
JUMP_JOCKEYS = ["J. Reveley", "K. Nabet", "F. de Giles", "T. Beaurain", "L. Philipperon"]
TROT_TRAINERS = ["S. Guarato", "J. Westholm", "F. Souloy", "P. Bekaert", "T. Duvaldestin"]
FLAT_TRAINERS = ["A. Fabre", "F. Head", "C. Ferland", "J.-C. Rouget", "F.-H. Graffard"]
JUMP_TRAINERS = ["F. Nicolle", "G. Cherel", "D. Bressou", "F.-M. Cottin"]

TROT = (TROTTERS, DRIVERS, TROT_TRAINERS)
MOUNTED = (TROTTERS, TROT_RIDERS, TROT_TRAINERS)
FLAT = (FLAT_HORSES, FLAT_JOCKEYS, FLAT_TRAINERS)
JUMPS = (JUMPERS, JUMP_JOCKEYS, JUMP_TRAINERS)
FIELDS = {"ATTELE": TROT, "MONTE": MOUNTED, "PLAT": FLAT, "HAIES": JUMPS, "STEEPLECHASE": JUMPS}

# (racecourse, discipline, race name, distance in metres): races as these courses run them.
RACES = [
    ("Vincennes", "ATTELE", "Prix d'Amérique", 2700),
    ("Longchamp", "PLAT", "Prix de l'Arc de Triomphe", 2400),
    ("Chantilly", "PLAT", "Prix du Jockey Club", 2100),
    ("Auteuil", "STEEPLECHASE", "Grand Steeple-Chase de Paris", 5800),
    ("Vincennes", "MONTE", "Prix de Cornulier", 2700),
    ("Deauville", "PLAT", "Prix Jacques le Marois", 1600),
    ("Vincennes", "ATTELE", "Prix de France", 2100),
    ("Longchamp", "PLAT", "Prix Ganay", 2100),
    ("Chantilly", "PLAT", "Prix de Diane", 2100),
    ("Enghien", "ATTELE", "Prix de Washington", 2150),
    ("Auteuil", "HAIES", "Grande Course de Haies d'Auteuil", 5100),
    ("Deauville", "PLAT", "Prix Morny", 1200),
    ("Vincennes", "ATTELE", "Prix de Paris", 4150),
    ("Longchamp", "PLAT", "Prix Vermeille", 2400),
    ("Vincennes", "MONTE", "Prix de Normandie", 2175),
    ("Deauville", "PLAT", "Prix Jean Romanet", 2000),
]


@dataclass(frozen=True)
class Card:
    """One race of the demo: where, what kind, its name and the pools its field is drawn from."""

    racecourse: str
    discipline: str
    name: str
    distance: int
    horses: list[str]
    riders: list[str]
    trainers: list[str]


def card(index: int) -> Card:
    """The `index`-th race of the demo's calendar (any integer: it wraps around)."""
    racecourse, discipline, name, distance = RACES[index % len(RACES)]
    horses, riders, trainers = FIELDS[discipline]
    return Card(racecourse, discipline, name, distance, horses, riders, trainers)
