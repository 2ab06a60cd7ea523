import pytest
from django.core.exceptions import ValidationError

from papers.validators import validate_arxiv_id, validate_doi, validate_issn
from people.validators import validate_orcid, validate_ror


@pytest.mark.parametrize(
    "value",
    ["10.1038/nature14539", "https://doi.org/10.48550/arXiv.2407.21783", "doi:10.1145/3065386"],
)
def test_it_accepts_good_dois(value):
    validate_doi(value)


@pytest.mark.parametrize("value", ["", "nature14539", "10.12/x", "11.1038/nature", "10.1038/"])
def test_it_refuses_bad_dois(value):
    with pytest.raises(ValidationError):
        validate_doi(value)


@pytest.mark.parametrize(
    "value",
    ["2407.21783", "2407.21783v3", "0704.0001", "1412.6980", "arXiv:1706.03762",
     "hep-th/9901001", "math.GT/0309136v1", "cs/0112017", "https://arxiv.org/abs/2407.21783v1"],
)  # fmt: skip
def test_it_accepts_new_and_old_style_arxiv_ids(value):
    validate_arxiv_id(value)


@pytest.mark.parametrize(
    "value", ["", "1234", "2413.12345", "1501.0001", "0612.12345", "hep-th/99010", "HEP/9901001"]
)
def test_it_refuses_bad_arxiv_ids(value):
    with pytest.raises(ValidationError):
        validate_arxiv_id(value)


@pytest.mark.parametrize(
    "value", ["0000-0002-1825-0097", "0000-0002-1694-233X", "https://orcid.org/0000-0001-5109-3700"]
)
def test_it_accepts_orcids_with_a_good_checksum(value):
    validate_orcid(value)


@pytest.mark.parametrize("value", ["0000-0002-1825-0096", "0000-0002-1825", "abcd-efgh-ijkl-mnop"])
def test_it_refuses_orcids_with_a_bad_checksum_or_shape(value):
    with pytest.raises(ValidationError):
        validate_orcid(value)


@pytest.mark.parametrize("value", ["05dxps055", "https://ror.org/013meh722", "03vek6s52"])
def test_it_accepts_good_ror_ids(value):
    validate_ror(value)


@pytest.mark.parametrize("value", ["05dxps056", "15dxps055", "05dxps0", "05dxpl055"])
def test_it_refuses_bad_ror_ids(value):
    with pytest.raises(ValidationError):
        validate_ror(value)


def test_it_checks_issn_checksums():
    validate_issn("0028-0836")
    with pytest.raises(ValidationError):
        validate_issn("0028-0837")
