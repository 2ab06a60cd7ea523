"""Fetching records by identifier: a DOI from Crossref, an arXiv id from the arXiv API, and an
ORCID iD's works from the ORCID public API. Returns the raw text for the matching parser."""

import json
from urllib.parse import quote

import requests
from django.core.exceptions import ValidationError

from papers.validators import is_valid_arxiv_id, is_valid_doi, normalize_arxiv_id, normalize_doi
from people.validators import normalize_orcid, validate_orcid

from . import orcid as orcid_parser
from .fields import as_dict, as_list, as_text
from .records import ImporterError

USER_AGENT = "Labsite/0.1 (research group publication importer; python-requests)"
CROSSREF_URL = "https://api.crossref.org/works/{doi}"
ARXIV_URL = "http://export.arxiv.org/api/query?id_list={ids}&max_results=100"
ORCID_WORKS_URL = "https://pub.orcid.org/v3.0/{orcid}/works"
ORCID_BULK_URL = "https://pub.orcid.org/v3.0/{orcid}/works/{put_codes}"
ORCID_BULK_SIZE = 100  # the most put-codes the ORCID API returns in one bulk request
SERVICES = {"doi": "Crossref", "arxiv": "arXiv", "orcid": "ORCID"}


def fetch(kind: str, identifier: str, *, timeout: float = 10) -> tuple[str, str]:
    """(response text, format name) for a DOI, an arXiv id or an ORCID iD.

    Raises ImporterError for a malformed identifier, a timeout, an unreachable service, an
    unknown identifier (HTTP 404) or any other HTTP error.
    """
    identifier = (identifier or "").strip()
    if kind == "doi":
        doi = normalize_doi(identifier)
        if not is_valid_doi(doi):
            raise ImporterError(f"{identifier!r} is not a DOI (expected e.g. 10.1038/nature14539).")
        url = CROSSREF_URL.format(doi=quote(doi, safe="/"))
        return _get(url, kind, doi, timeout=timeout, accept="application/json"), "crossref"
    if kind == "arxiv":
        ids = [normalize_arxiv_id(part) for part in identifier.replace(" ", ",").split(",")]
        ids = [arxiv_id for arxiv_id in ids if arxiv_id]
        bad = [arxiv_id for arxiv_id in ids if not is_valid_arxiv_id(arxiv_id)]
        if not ids or bad:
            raise ImporterError(
                f"{(bad or [identifier])[0]!r} is not an arXiv id (expected e.g. 2407.21783)."
            )
        url = ARXIV_URL.format(ids=",".join(quote(arxiv_id, safe="/") for arxiv_id in ids))
        return _get(url, kind, identifier, timeout=timeout, accept="application/atom+xml"), "arxiv"
    if kind == "orcid":
        orcid_id = normalize_orcid(identifier)
        try:
            validate_orcid(orcid_id)
        except ValidationError as error:
            raise ImporterError(f"{identifier!r}: {' '.join(error.messages)}") from None
        return _fetch_orcid_works(orcid_id, timeout=timeout), "orcid"
    raise ImporterError(f"Cannot fetch {kind!r}; use doi, arxiv or orcid.")


def _get(url: str, kind: str, identifier: str, *, timeout: float, accept: str) -> str:
    service = SERVICES[kind]
    headers = {"User-Agent": USER_AGENT, "Accept": accept}
    try:
        response = requests.get(url, headers=headers, timeout=timeout)
    except requests.Timeout:
        raise ImporterError(f"{service} did not answer within {timeout:g} seconds.") from None
    except requests.RequestException as error:
        raise ImporterError(f"Could not reach {service}: {error.__class__.__name__}.") from None
    if response.status_code == 404:
        raise ImporterError(f"{identifier} not found at {service}.")
    if response.status_code == 429:
        raise ImporterError(f"{service} asks us to slow down (HTTP 429); try again later.")
    if response.status_code >= 400:
        raise ImporterError(f"{service} answered HTTP {response.status_code} for {identifier}.")
    response.encoding = response.encoding or "utf-8"
    return response.text


def _fetch_orcid_works(orcid_id: str, *, timeout: float) -> str:
    """The works summary, upgraded to full records (with contributors) by bulk requests.

    The summary has no authors; one bulk request per 100 works fetches them. If a bulk request
    fails, the summary alone is returned so the import still gets titles and identifiers.
    """
    accept = "application/json"
    summary_text = _get(
        ORCID_WORKS_URL.format(orcid=orcid_id), "orcid", orcid_id, timeout=timeout, accept=accept
    )
    try:
        summary = json.loads(summary_text)
    except ValueError:
        return summary_text  # the parser reports what is wrong with it
    put_codes: list[str] = []
    group_ids: dict[str, list] = {}
    for group in as_list(as_dict(summary).get("group")):
        summaries = [s for s in as_list(as_dict(group).get("work-summary")) if isinstance(s, dict)]
        if summaries:
            put_code = as_text(max(summaries, key=orcid_parser.richness).get("put-code"))
            if put_code:
                put_codes.append(put_code)
                ids = as_dict(as_dict(group).get("external-ids")).get("external-id")
                group_ids[put_code] = as_list(ids)
    if not put_codes:
        return summary_text
    bulk: list = []
    for start in range(0, len(put_codes), ORCID_BULK_SIZE):
        chunk = ",".join(put_codes[start : start + ORCID_BULK_SIZE])
        url = ORCID_BULK_URL.format(orcid=orcid_id, put_codes=chunk)
        try:
            answer = json.loads(_get(url, "orcid", orcid_id, timeout=timeout, accept=accept))
        except (ImporterError, ValueError):
            return summary_text
        bulk += as_list(as_dict(answer).get("bulk"))
    for item in bulk:
        work = as_dict(as_dict(item).get("work"))
        if work:
            _add_group_identifiers(work, group_ids.get(as_text(work.get("put-code")), []))
    return json.dumps({"bulk": bulk, "path": f"/{orcid_id}/works"})


def _add_group_identifiers(work: dict, group_ids: list) -> None:
    """A group joins works that share identifiers; the chosen work gets all of them."""
    external = work.get("external-ids")
    if not isinstance(external, dict):
        external = work["external-ids"] = {"external-id": []}
    if not isinstance(external.get("external-id"), list):
        external["external-id"] = []
    own = external["external-id"]
    seen = {
        (as_text(as_dict(e).get("external-id-type")), as_text(as_dict(e).get("external-id-value")))
        for e in own
    }
    for extra in group_ids:
        key = (
            as_text(as_dict(extra).get("external-id-type")),
            as_text(as_dict(extra).get("external-id-value")),
        )
        if isinstance(extra, dict) and key not in seen:
            own.append(extra)
            seen.add(key)
