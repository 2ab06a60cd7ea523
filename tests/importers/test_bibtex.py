import unicodedata
from datetime import date
from pathlib import Path

import pytest

from papers.parsers import bibtex, latex
from papers.parsers.records import ImporterError

SAMPLES = Path(__file__).parent / "samples"


def parse_sample(name):
    return bibtex.parse((SAMPLES / name).read_text(encoding="utf-8"))


def by_key(result):
    return {paper.source_key: paper for paper in result.papers}


def names(paper):
    return [author.name for author in paper.authors]


def test_alfolio_entry_maps_website_fields_to_links_featured_and_short_venue():
    paper = by_key(parse_sample("alfolio.bib"))["lindqvist2024sparse"]
    assert paper.title == "Sparse Mixture-of-Experts Routing with $k$-means Anchors"
    assert names(paper) == ["Ingrid Lindqvist", "Jörg Müller", "Amélie François"]
    assert paper.authors_complete is False
    assert paper.kind == "conference"
    assert paper.venue_name == "Advances in Neural Information Processing Systems 37"
    assert paper.venue_short_name == "NeurIPS"
    assert paper.venue_kind == "conference"
    assert (paper.date, paper.date_precision) == (date(2024, 12, 1), "month")
    assert paper.pages == "10234–10247"
    assert paper.arxiv_id == "2410.01234"
    assert paper.links == {
        "pdf": "https://example.org/papers/sparse-moe.pdf",
        "code": "https://github.com/example-lab/anchor-moe",
        "project": "https://example-lab.github.io/anchor-moe/",
        "slides": "https://example.org/slides/anchor-moe.pdf",
        "video": "https://www.youtube.com/watch?v=abc123XYZ",
    }
    assert paper.has_code is True
    assert paper.featured is True
    assert paper.awards == ["Spotlight"]
    assert paper.bibtex_key == "lindqvist2024sparse"
    assert paper.source_line == 7


def test_abstract_keeps_math_and_a_bare_percent_sign():
    paper = by_key(parse_sample("alfolio.bib"))["lindqvist2024sparse"]
    assert "streaming $k$-means step" in paper.abstract
    assert "improves perplexity by 3% at equal compute." in paper.abstract
    assert "\n" not in paper.abstract


def test_doi_link_is_reduced_to_the_bare_doi_and_relative_pdf_is_dropped():
    paper = by_key(parse_sample("alfolio.bib"))["oconnor2023graph"]
    assert paper.doi == "10.5555/tmlr.2023.0042"
    assert "pdf" not in paper.links
    assert paper.links == {"project": "https://openreview.net/forum?id=AbCdEf123"}
    assert paper.featured is False
    assert names(paper) == ["Siobhán O'Connor", "Tomáš Škoda", "Ingrid Lindqvist"]
    assert (paper.date, paper.date_precision) == (date(2023, 8, 1), "month")


def test_misc_with_arxiv_eprint_is_a_preprint_with_its_primary_class():
    paper = by_key(parse_sample("alfolio.bib"))["lindqvist2025scaling"]
    assert paper.title == "Scaling Laws for Retrieval-Augmented LLMs"
    assert paper.kind == "preprint"
    assert (paper.venue_name, paper.venue_kind) == ("arXiv", "preprint")
    assert paper.arxiv_id == "2502.04321"
    assert paper.subject_codes == ["cs.CL"]
    assert names(paper) == ["Ingrid Lindqvist", "Pieter van den Berg", "Văn An Nguyễn"]
    assert paper.note == "Under review"


def test_thesis_takes_the_school_as_venue():
    paper = by_key(parse_sample("alfolio.bib"))["lindqvist2019thesis"]
    assert paper.kind == "thesis"
    assert (paper.venue_name, paper.venue_kind) == ("Kungliga Tekniska högskolan", "thesis")
    assert (paper.date, paper.date_precision) == (date(2019, 5, 1), "month")


def test_corporate_author_in_braces_is_kept_whole_and_day_comes_from_month_field():
    paper = by_key(parse_sample("alfolio.bib"))["team2024workshop"]
    assert names(paper) == ["Gemma Team", "Ingrid Lindqvist"]
    assert paper.title == "Gemma: Open Models for Everyone?"
    assert paper.venue_kind == "workshop"
    assert (paper.date, paper.date_precision) == (date(2024, 7, 26), "day")
    assert paper.has_code is True


def test_name_with_suffix_and_initials_are_printed_given_name_first():
    result = by_key(parse_sample("alfolio.bib"))
    assert names(result["king2020handbook"]) == ["Martin King Jr.", "Ingrid Lindqvist"]
    assert result["king2020handbook"].kind == "book"
    assert result["king2020handbook"].publisher == "Open Science Press"
    assert names(result["lindqvist2018report"]) == ["I. Lindqvist", "P. v. d. Berg"]
    assert result["lindqvist2018report"].kind == "report"
    assert result["lindqvist2018report"].venue_name == "Example Institute of Technology"


def test_malformed_entries_are_skipped_with_line_key_and_reason():
    result = parse_sample("alfolio.bib")
    skipped = {s.key: s for s in result.skipped}
    assert skipped["broken2022"].line == 75
    assert "unbalanced braces" in skipped["broken2022"].reason
    assert skipped["notitle2021"].line == 81
    assert skipped["notitle2021"].reason == "missing title"
    assert len(result.papers) == 8


def test_scholar_arxiv_journal_becomes_a_preprint_with_an_arxiv_id():
    papers = by_key(parse_sample("scholar.bib"))
    llama = papers["dubey2024llama"]
    assert llama.kind == "preprint"
    assert llama.arxiv_id == "2407.21783"
    assert (llama.venue_name, llama.venue_kind) == ("arXiv", "preprint")
    assert llama.authors_complete is False
    assert names(llama) == [
        "Abhimanyu Dubey",
        "Abhinav Jauhri",
        "Abhinav Pandey",
        "Abhishek Kadian",
    ]
    assert (llama.date, llama.date_precision) == (date(2024, 1, 1), "year")


def test_scholar_eprints_journal_without_id_is_still_a_preprint_without_fake_pages():
    paper = by_key(parse_sample("scholar.bib"))["lindqvist2025scaling"]
    assert paper.kind == "preprint"
    assert paper.arxiv_id == ""
    assert paper.pages == ""
    assert paper.venue_name == "arXiv"


def test_scholar_team_name_in_last_first_form_reads_as_team():
    paper = by_key(parse_sample("scholar.bib"))["team2024gemma"]
    assert names(paper) == ["Gemma Team", "Thomas Mesnard", "Cassidy Hardin"]
    assert paper.arxiv_id == "2403.08295"


def test_scholar_conference_paper_keeps_volume_and_pages():
    paper = by_key(parse_sample("scholar.bib"))["lindqvist2024sparse"]
    assert paper.kind == "conference"
    assert paper.venue_name == "Advances in Neural Information Processing Systems"
    assert (paper.volume, paper.pages) == ("37", "10234–10247")
    assert names(paper) == ["Ingrid Lindqvist", "Jörg Müller", "Amélie François", "Haruto Sato"]


def test_dblp_corr_entry_drops_homonym_numbers_and_arxiv_volume():
    paper = by_key(parse_sample("dblp.bib"))["DBLP:journals/corr/abs-2407-21783"]
    assert names(paper) == ["Abhimanyu Dubey", "Abhinav Jauhri", "Oriol Vinyals", "Zhengxu Yan"]
    assert paper.kind == "preprint"
    assert paper.arxiv_id == "2407.21783"
    assert paper.doi == ""  # arXiv's own DataCite DOI is the arXiv id again
    assert paper.volume == ""
    assert paper.links == {}


def test_dblp_crossref_inherits_booktitle_and_the_volume_entry_is_not_a_paper():
    result = parse_sample("dblp.bib")
    paper = by_key(result)["DBLP:conf/icml/SatoL22"]
    assert paper.venue_name == (
        "International Conference on Machine Learning, ICML 2022, 17-23 July 2022, "
        "Baltimore, Maryland, USA"
    )
    assert paper.publisher == "PMLR"
    assert paper.volume == "162"
    assert "DBLP:conf/icml/2022" not in by_key(result)
    assert [(s.key, s.reason) for s in result.skipped] == [
        ("DBLP:conf/icml/2022", "the @proceedings volume other entries' crossref names")
    ]


def test_dblp_accents_in_double_braces_are_decoded():
    paper = by_key(parse_sample("dblp.bib"))["DBLP:conf/nips/LindqvistMF24"]
    assert names(paper) == ["Ingrid Lindqvist", "Jörg Müller", "Amélie François", "Haruto Sato"]
    assert paper.links["project"].endswith(
        "paper_files/paper/2024/hash/abc123-Abstract-Conference.html"
    )


def test_zotero_export_with_unicode_names_and_arxiv_url():
    papers = by_key(parse_sample("zotero.bib"))
    preprint = papers["lindqvist_scaling_2025"]
    assert preprint.kind == "preprint"
    assert preprint.arxiv_id == "2502.04321"
    assert names(preprint) == ["Ingrid Lindqvist", "Pieter van den Berg", "Văn An Nguyễn"]
    assert (preprint.date, preprint.date_precision) == (date(2025, 2, 1), "month")
    assert preprint.keywords == [
        "Computer Science - Computation and Language",
        "Computer Science - Machine Learning",
    ]
    chapter = papers["lindqvist_chapter_2021"]
    assert chapter.kind == "chapter"
    assert chapter.venue_name == "Handbook of Data-Centric AI"
    assert chapter.doi == "10.1007/978-3-030-00000-0_5"
    assert names(chapter) == ["Ingrid Lindqvist"]


def test_zotero_title_case_braces_are_removed():
    paper = by_key(parse_sample("zotero.bib"))["oconnor_graph_2023"]
    assert paper.title == (
        "Graph Networks that Know What They Don't Know: "
        "Calibrated Uncertainty for Molecular Property Prediction"
    )
    assert paper.pages == "1–24"


def test_string_macros_concatenation_and_month_macros():
    text = """
@string{conf = "Proceedings of the " # {Annual Meeting}}
@inproceedings{k1, title = "A " # {Title}, author = {Doe, Jane}, booktitle = conf # " 2021",
  year = 2021, month = sep}
"""
    paper = bibtex.parse(text).papers[0]
    assert paper.title == "A Title"
    assert paper.venue_name == "Proceedings of the Annual Meeting 2021"
    assert (paper.date, paper.date_precision) == (date(2021, 9, 1), "month")


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        (r"{\"u}ber", "über"),
        (r"\'{e}t\'{e}", "été"),
        (r"Stra{\ss}e", "Straße"),
        (r"\c{c}a", "ça"),
        (r"Erd\H{o}s", "Erdős"),
        (r"{BERT}: Pre-training", "BERT: Pre-training"),
        (r"\textit{Deep} \emph{Learning}", "Deep Learning"),
        (r"\texttt{torch.compile} in \mbox{GPT-4}", "torch.compile in GPT-4"),
        (r"Bounds for $O(n \log n)$ sorting", r"Bounds for $O(n \log n)$ sorting"),
        (r"Risk \& Reward", "Risk & Reward"),
        (r"{\textless}b{\textgreater} \{set\} {\textbar} \$10 \# tag", "<b> {set} | $10 # tag"),
        (
            r"{\textquotedblleft}Q{\textquotedblright} {\textendash} A{\textquoteright}s",
            "“Q” – A’s",
        ),
    ],
)
def test_latex_in_titles_becomes_unicode(field, expected):
    paper = bibtex.parse(f"@article{{k, title = {{{field}}}, year = 2020}}").papers[0]
    assert paper.title == expected


def test_entry_type_decides_the_kind():
    text = "\n".join(
        f"@{entry_type}{{k{i}, title = {{T{i}}}, year = 2020}}"
        for i, entry_type in enumerate(
            [
                "article",
                "inproceedings",
                "conference",
                "phdthesis",
                "mastersthesis",
                "incollection",
                "inbook",
                "techreport",
                "book",
                "misc",
                "unpublished",
            ]
        )
    )
    kinds = [paper.kind for paper in bibtex.parse(text).papers]
    assert kinds == ["article", "conference", "conference", "thesis", "thesis", "chapter",
                     "chapter", "report", "book", "other", "other"]  # fmt: skip


def test_uppercase_field_names_and_entry_types_are_read():
    paper = bibtex.parse(
        "@ARTICLE{k, TITLE = {Shouting}, AUTHOR = {Doe, J.}, YEAR = {1999}}"
    ).papers[0]
    assert (paper.title, names(paper), paper.date.year) == ("Shouting", ["J. Doe"], 1999)


def test_biblatex_date_field_gives_a_day_precise_date():
    paper = bibtex.parse("@online{k, title = {T}, date = {2023-05-17}}").papers[0]
    assert (paper.date, paper.date_precision) == (date(2023, 5, 17), "day")


def test_et_al_written_out_marks_the_list_incomplete():
    paper = bibtex.parse(
        "@article{k, title = {T}, author = {Doe, Jane and Roe, R. et al.}}"
    ).papers[0]
    assert names(paper) == ["Jane Doe", "R. Roe"]
    assert paper.authors_complete is False


def test_a_text_without_entries_cannot_be_read():
    with pytest.raises(ImporterError, match="No BibTeX entries"):
        bibtex.parse("Just some notes, no bibliography here.")
    with pytest.raises(ImporterError):
        bibtex.parse("")


def test_windows_line_endings_and_byte_order_mark_are_tolerated():
    text = "\ufeff@article{k,\r\n  title = {Windows},\r\n  year = {2001}\r\n}\r\n"
    paper = bibtex.parse(text).papers[0]
    assert (paper.title, paper.date.year, paper.source_line) == ("Windows", 2001, 1)


@pytest.mark.parametrize(
    "value",
    [
        r"{\"u}ber {\ss} \c{c}a \'{e}t\'e {BERT} -- x --- y~z",
        r"Erd\H{o}s \k{a} \={a} \u{a} \.{z} \l{} \L ukasz",
        r"Nguy{\~{\^e}}n Ho\^{a}ng \'{\i} {\o}rsted {\AA}ngstr{\"o}m",
        r"{$k$-means} anchors with $O(n \log n)$ cost and \"u",
        r"Risk \& Reward: 5\% of \_x",
    ],
)
def test_fast_latex_decoding_agrees_with_pylatexenc(value):
    fast = latex._fast_text(value)
    assert fast is not None

    def normal(text):
        return latex.normalize_space(unicodedata.normalize("NFC", text))

    assert normal(fast) == normal(latex._pylatexenc_text(value))


def test_forgotten_commas_after_the_key_and_between_fields_are_forgiven():
    text = (
        "@article{k1\n  title = {No comma after key},\n  year = 2020\n}\n"
        "@article{k2,\n  title = {No comma after this}\n  year = 2021\n"
        "  author = {Doe, Jane}\n}\n"
    )
    result = bibtex.parse(text)
    assert [(p.source_key, p.title, p.date.year) for p in result.papers] == [
        ("k1", "No comma after key", 2020),
        ("k2", "No comma after this", 2021),
    ]
    assert names(result.papers[1]) == ["Jane Doe"]
    assert result.skipped == []


def test_stray_text_between_entries_and_round_parentheses_are_tolerated():
    text = (
        "Publications of the lab, mail me@example.org } for copies.\n"
        "@article(k1, title = {Parenthesised}, year = 2003)\n"
        "@misc{k2, title = {Web}, howpublished = {\\url{https://example.org/w}}}\n"
    )
    result = bibtex.parse(text)
    assert [p.title for p in result.papers] == ["Parenthesised", "Web"]
    assert result.papers[1].links == {"project": "https://example.org/w"}
    assert result.skipped == []


def test_alfolio_equal_contribution_marks_are_stripped_from_names_and_kept_as_flags():
    paper = by_key(parse_sample("alfolio.bib"))["berg2022equal"]
    assert names(paper) == ["Pieter van den Berg", "Ingrid Lindqvist", "Haruto Sato"]
    assert [a.equal_contribution for a in paper.authors] == [True, True, False]
    assert paper.publisher == "American Physical Society"  # al-folio's @string ends in a comma
    assert (paper.volume, paper.issue, paper.pages) == ("12", "3", "031045")
    assert paper.venue_short_name == "PhysRevX"
    assert paper.links == {
        "project": "https://journals.example.org/prx/abstract/10.5555/PhysRevX.12.031045"
    }


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        ("Jane Doe, John Smith, Ann Lee", ["Jane Doe", "John Smith", "Ann Lee"]),
        ("Doe, Jane; Smith, John", ["Jane Doe", "John Smith"]),
        ("King, Jr., Martin", ["Martin King Jr."]),
        (
            "{van der Maaten}, Laurens and Hinton, Geoffrey",
            ["Laurens van der Maaten", "Geoffrey Hinton"],
        ),
        ("Le, Quoc V and Vinyals, Oriol", ["Quoc V Le", "Oriol Vinyals"]),
        (
            "Ludwig van Beethoven and {Barnes and Noble}",
            ["Ludwig van Beethoven", "Barnes and Noble"],
        ),
    ],
)
def test_author_list_forms(author, expected):
    paper = bibtex.parse(f"@article{{k, title = {{T}}, author = {{{author}}}}}").papers[0]
    assert names(paper) == expected


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        ("jan", (date(2022, 1, 1), "month")),
        ("{Jan.}", (date(2022, 1, 1), "month")),
        ("{7}", (date(2022, 7, 1), "month")),
        ("{17--23 Jul}", (date(2022, 7, 1), "month")),
        ('jul # "~26"', (date(2022, 7, 26), "day")),
        ("{Spring}", (date(2022, 1, 1), "year")),
    ],
)
def test_month_field_forms(month, expected):
    paper = bibtex.parse(
        f"@inproceedings{{k, title = {{T}}, year = 2022, month = {month}}}"
    ).papers[0]
    assert (paper.date, paper.date_precision) == expected


def test_publisher_and_service_exports_read_as_printed():
    papers = by_key(parse_sample("publishers.bib"))
    arxiv_export = papers["lindqvist2025scalinglaws"]
    assert (arxiv_export.kind, arxiv_export.arxiv_id, arxiv_export.subject_codes) == (
        "preprint",
        "2502.04321",
        ["cs.CL"],
    )
    acm = papers["10.5555/3666122.3666999"]
    assert names(acm) == ["Ingrid Lindqvist", "Jörg Müller"]
    assert acm.publisher == "Curran Associates Inc."
    ieee = papers["10123456"]
    assert (ieee.pages, ieee.doi, ieee.volume, ieee.issue) == (
        "1201–1210",
        "10.1109/cvpr52729.2023.00123",
        "",
        "",
    )
    springer = papers["Lindqvist2021"]
    assert names(springer) == ["Ingrid Lindqvist", "Tomáš Škoda"]
    assert (springer.date, springer.date_precision) == (date(2021, 3, 2), "day")
    elsevier = papers["LINDQVIST2022100456"]
    assert elsevier.doi == "10.1016/j.patter.2022.100456"
    pmlr = papers["pmlr-v162-sato22a"]
    assert (pmlr.date, pmlr.date_precision) == (date(2022, 7, 1), "month")
    assert pmlr.links["pdf"] == "https://proceedings.mlr.press/v162/sato22a/sato22a.pdf"
    acl = papers["lindqvist-etal-2023-retrieval"]
    assert names(acl) == ["Ingrid Lindqvist", "Jörg Müller", "An Nguyen"]
    assert (acl.date, acl.doi) == (date(2023, 7, 1), "10.18653/v1/2023.acl-long.999")
    mendeley = papers["Lindqvist2020"]
    assert (mendeley.kind, mendeley.arxiv_id, mendeley.title) == (
        "article",
        "2001.01234",
        "Weak Labels at Scale",
    )
    semantic_scholar = papers["Lindqvist2017SparseAttention"]
    assert (semantic_scholar.kind, semantic_scholar.arxiv_id, semantic_scholar.volume) == (
        "preprint",
        "1706.09999",
        "",
    )


def test_abbr_without_journal_or_booktitle_names_the_venue():
    paper = bibtex.parse("@inproceedings{k, title = {T}, abbr = {ICML}, year = 2020}").papers[0]
    assert (paper.venue_name, paper.venue_short_name, paper.venue_kind) == (
        "ICML",
        "",
        "conference",
    )


def test_a_book_has_its_series_as_venue_and_keeps_its_publisher():
    text = "@book{k, title = {B}, publisher = {P}, series = {Lecture Notes}, year = 2020}"
    paper = bibtex.parse(text).papers[0]
    assert (paper.venue_name, paper.venue_kind, paper.publisher) == ("Lecture Notes", "book", "P")


def test_et_al_in_emphasis_marks_the_list_cut_short():
    paper = bibtex.parse(r"@article{k, title = {T}, author = {Doe, Jane and {\em et al.}}}").papers[
        0
    ]
    assert (names(paper), paper.authors_complete) == (["Jane Doe"], False)


def test_an_edited_proceedings_volume_nobody_cross_references_is_a_book_by_its_editors():
    text = "@proceedings{k, title = {Proc. X}, editor = {Doe, Jane}, series = {LNCS}, year = 2020}"
    paper = bibtex.parse(text).papers[0]
    assert (paper.kind, paper.venue_name, names(paper)) == ("book", "LNCS", ["Jane Doe"])


def test_if_the_splitter_fails_on_the_file_each_entry_is_read_on_its_own(monkeypatch):
    real_parse_string = bibtex.bibtexparser.parse_string

    def fails_on_whole_files(text, **kwargs):
        if text.count("@") > 1:
            raise ValueError("splitter bug")
        if "Broken" in text:
            raise ValueError("splitter bug")
        return real_parse_string(text, **kwargs)

    monkeypatch.setattr(bibtex.bibtexparser, "parse_string", fails_on_whole_files)
    text = (
        "@article{a, title = {First}, year = 2001}\n\n"
        "@article{b, title = {Broken}, year = 2002}\n"
        "@article{c,\n  title = {Third},\n  year = 2003}\n"
    )
    result = bibtex.parse(text)
    assert [(p.source_key, p.source_line) for p in result.papers] == [("a", 1), ("c", 4)]
    assert [(s.key, s.line, s.reason) for s in result.skipped] == [("b", 3, "not valid BibTeX")]


def test_if_the_splitter_fails_a_malformed_entry_still_reports_its_own_line(monkeypatch):
    real_parse_string = bibtex.bibtexparser.parse_string

    def fails_on_whole_files(text, **kwargs):
        if text.count("@") > 1:
            raise ValueError("splitter bug")
        return real_parse_string(text, **kwargs)

    monkeypatch.setattr(bibtex.bibtexparser, "parse_string", fails_on_whole_files)
    text = "@article{a, title = {First}, year = 2001}\n\n@article{b, title = {Open, year = 2002}\n"
    result = bibtex.parse(text)
    assert [(s.key, s.line) for s in result.skipped] == [("b", 3)]


def test_bibbase_style_url_fields_become_links_and_arxiv_id():
    text = (
        "@inproceedings{k, title = {T}, year = 2020, url_pdf = {https://ex.org/t.pdf},\n"
        "  url_code = {https://github.com/ex/t}, url_slides = {https://ex.org/s.pdf},\n"
        "  url_arxiv = {https://arxiv.org/abs/2001.01234}, url_link = {https://ex.org/t}}"
    )
    paper = bibtex.parse(text).papers[0]
    assert paper.links == {
        "code": "https://github.com/ex/t",
        "slides": "https://ex.org/s.pdf",
        "project": "https://ex.org/t",
        "pdf": "https://ex.org/t.pdf",
    }
    assert (paper.arxiv_id, paper.has_code) == ("2001.01234", True)


def test_a_chapter_inherits_from_the_crossref_book_which_is_not_imported_itself():
    text = (
        "@incollection{DBLP:ch, author = {Ingrid Lindqvist}, title = {Weak Supervision},\n"
        "  pages = {77--98}, crossref = {DBLP:book}}\n"
        "@book{DBLP:book, editor = {Jane Doe}, title = {Handbook of Data-Centric {AI}},\n"
        "  publisher = {Springer}, year = {2021}}\n"
    )
    result = bibtex.parse(text)
    assert [(p.title, p.kind, p.venue_name, p.publisher, p.date.year) for p in result.papers] == [
        ("Weak Supervision", "chapter", "Handbook of Data-Centric AI", "Springer", 2021)
    ]
    assert [s.key for s in result.skipped] == ["DBLP:book"]
