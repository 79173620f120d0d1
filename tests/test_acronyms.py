"""Word or letters: the acronyms of French news, said as a French newsreader says them."""

import pytest

from narrate.normalize import normalize
from narrate.normalize.acronyms import SAID_AS_WORDS, SPELLED, said_as_word
from narrate.speech.espeak import EspeakEngine

SAID_AS_WORDS_IN_THE_NEWS = """
OTAN ONU UNESCO UNICEF NASA OPEP SIDA OVNI ENA INSEE CAF SAMU SMIC FIFA UEFA COVID ZAD CNIL CNES
CAPES BAFA ASSEDIC URSSAF INSERM CERN ESA RAID GIGN INED ARCOM OFCOM CROUS IFOP UNEF SNES MEDEF
HALDE SACEM FNAC NATO LASER RADAR BREXIT EURO SUD LOM UNSA ADEME ARCEP ANSES ONERA INRA INRAE
CIRAD SEITA DARES DATAR OPAC PACS PAC BAC COP DOM TOM ZEP ZAC CAC FIAC SMUR UNEDIC APEC TAS VAR
RAM PAM DAF PAF DAB LOM MODEM NUPES GAFA GAFAM GIEC ASEAN MERCOSUR HADOPI CADA COJO ESSEC INSA
INSEAD DEUG FNAIM SCOT ARTE INA EHPAD SRAS BRICS LOSC PUF REP RIB RIP ONU ENA ESA TOC DREES
CNAF UNAF ANAH CICE
""".split()

SPELLED_IN_THE_NEWS = """
SNCF RATP CNRS AFP EDF GDF SFR PSG OCDE ANPE CGT CFDT CFTC HLM PME TPE DRH PDG SDF RSA CDI CDD
TVA TGV RER TER PIB BCE FMI OMS ONG UE USA URSS RDA RFA BFM LCI RTL RMC RFI NBA NFL FBI CIA KGB
GPS SMS ADN ARN IRM IVG PMA GPA IUT BTS DUT CAP BEP HEC EHESS ESCP UFR ENS DEA DESS MBA MSA CSA
CSG CRS DGSE DGSI DST PS PCF LFI RN FN LR UDI EELV UMP RPR UDF NPA PRG LREM FSU CPME UPA FNSEA
ARS HAS ANSM ASN IRSN CEA RTE ADP DGAC BEA CJUE CEDH OMC OIT ORTF CNN BBC VIH AVC ALD ARN OGM
CHU CMU AAH APL PMU FDJ LGV SUV VTC VTT RSE ESS ISF IFI CRDS TIPP TICPE PLU ZFE SOS SAV VOD RAS
SAS CIO AMA ATP WTA FFF FFR LFP NHL OQTF SNU ONF CNC RGPD IPCC WWF TNT ADSL DVD USB URL HTML PDF
ISS ETI BTP RTT OPA BPI BNP LCL HLM PJ OM OL JO IA LGBT AP UE SA SARL SNC EPR ASM ATD CNE
""".split()


@pytest.mark.parametrize("acronym", sorted(set(SAID_AS_WORDS_IN_THE_NEWS)))
def test_said_as_a_word(acronym):
    assert said_as_word(acronym)


@pytest.mark.parametrize("acronym", sorted(set(SPELLED_IN_THE_NEWS)))
def test_spelled(acronym):
    assert not said_as_word(acronym)


def test_the_tables_only_hold_what_the_syllables_get_wrong():
    """Most acronyms are decided by their letters: the exception tables stay short."""
    assert len(SAID_AS_WORDS) + len(SPELLED) < len(set(SAID_AS_WORDS_IN_THE_NEWS + SPELLED_IN_THE_NEWS)) / 10


@pytest.mark.parametrize(
    ("written", "heard"),
    [
        ("le syndicat SUD", "ləsɛ̃dikasyd"),
        ("la LOM", "lalɔm"),
        ("l'EURO", "løʁo"),
        ("le CROUS", "ləkʁus"),  # the final s of an acronym is heard
        ("le CAPES", "ləkapɛs"),
        ("la SNCF", "laɛsɛnseɛf"),
        ("le PIB", "ləpeibe"),
    ],
)
def test_heard_as_a_french_reader_says_it(written, heard):
    said = EspeakEngine().phonemes(normalize(written, "fr"))
    assert said.replace("ˈ", "").replace("ˌ", "").replace("-", "").replace(" ", "") == heard
