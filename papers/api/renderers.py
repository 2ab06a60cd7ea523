"""Citation formats as DRF renderers: BibTeX, RIS and CSL-JSON for one paper or a list.

The paper views hand these renderers Paper objects (fetched with_card_data()), not
serialized dicts; papers/citations.py does the formatting. Errors stay JSON.
"""

import json

from rest_framework.renderers import BaseRenderer

from papers.citations import to_bibtex, to_csl_json, to_ris
from papers.models import Paper


class CitationRenderer(BaseRenderer):
    charset = "utf-8"

    def export(self, papers: list[Paper], *, single: bool) -> str:
        raise NotImplementedError

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None and response.status_code >= 400:
            response["Content-Type"] = "application/json"
            return json.dumps(data).encode()
        if isinstance(data, Paper):
            return self.export([data], single=True).encode()
        if response is not None and data.get("next"):
            response["Link"] = f'<{data["next"]}>; rel="next"'
        # An empty list is a blank file: whitespace, since DRF drops the Content-Type of an
        # empty body and clients would not know what they got.
        return (self.export(list(data["results"]), single=False) or "\n").encode()


class BibTeXRenderer(CitationRenderer):
    media_type = "application/x-bibtex"
    format = "bibtex"

    def export(self, papers, *, single):
        return to_bibtex(papers)


class RISRenderer(CitationRenderer):
    media_type = "application/x-research-info-systems"
    format = "ris"

    def export(self, papers, *, single):
        return to_ris(papers)


class CSLJSONRenderer(CitationRenderer):
    media_type = "application/vnd.citationstyles.csl+json"
    format = "csljson"

    def export(self, papers, *, single):
        items = to_csl_json(papers)
        return json.dumps(items[0] if single else items, ensure_ascii=False)


CITATION_RENDERERS = [BibTeXRenderer, RISRenderer, CSLJSONRenderer]
