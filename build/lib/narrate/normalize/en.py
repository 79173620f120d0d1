"""English normalisation, second to French: titles, times, money, percentages, ordinals, numbers."""

from __future__ import annotations

import re

from num2words import num2words

TITLES = {"Mr.": "Mister", "Mrs.": "Missus", "Ms.": "Miz", "Dr.": "Doctor", "Prof.": "Professor", "St.": "Saint"}
CURRENCIES = {"$": ("dollar", "dollars"), "£": ("pound", "pounds"), "€": ("euro", "euros")}
YEAR_CONTEXT = re.compile(r"\b(?:in|since|by|from|until|of|year|summer|winter|spring|autumn|early|late|mid)\s*$", re.IGNORECASE)

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_TITLE = re.compile(r"(?<![\w.])(" + "|".join(re.escape(t) for t in TITLES) + r")(?=\s+[A-Z])")
_TIME = re.compile(r"\b(?P<hour>1[0-2]|0?[1-9]):(?P<minute>[0-5]\d)\s?(?P<half>[ap])\.?m\.?", re.IGNORECASE)
_MONEY = re.compile(rf"(?P<sign>[$£€])(?P<amount>{_NUMBER})(?:\s?(?P<scale>million|billion|bn|m)\b)?")
_PERCENT = re.compile(rf"(?P<amount>{_NUMBER})\s?%")
_ORDINAL = re.compile(r"\b(?P<number>\d+)(?:st|nd|rd|th)\b")
_YEAR = re.compile(r"(?<![\d,.])(?P<year>1[1-9]\d\d|20\d\d)(?!\d|[,.]\d|\s+(?:people|persons|times|km|kg|dollars|pounds))")
_PLAIN = re.compile(rf"(?<![\w.,])(?P<minus>-)?(?P<number>{_NUMBER})(?![\d])")


MAX_NUMBER_DIGITS = 15
"""Longer strings of digits are read digit by digit, as a listener could follow them."""
_DIGIT_NAMES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _words(written: str) -> str:
    digits = written.replace(",", "")
    whole, _, decimals = digits.partition(".")
    if len(whole) > MAX_NUMBER_DIGITS or len(decimals) > MAX_NUMBER_DIGITS:
        point = " point " + _digit_by_digit(decimals) if decimals else ""
        return _digit_by_digit(whole) + point
    return num2words(float(digits) if "." in digits else int(digits), lang="en")


def _digit_by_digit(digits: str) -> str:
    return " ".join(_DIGIT_NAMES[int(digit)] for digit in digits if digit.isdigit())


def expand_titles(text: str) -> str:
    """ "Mr. Smith" -> "Mister Smith"."""
    return _TITLE.sub(lambda match: TITLES[match.group(1)], text)


def say_times(text: str) -> str:
    """ "3:15 pm" -> "three fifteen p m"."""

    def spoken(match: re.Match[str]) -> str:
        minute = int(match["minute"])
        minutes = "" if minute == 0 else (f" oh {num2words(minute)}" if minute < 10 else f" {num2words(minute)}")
        return f"{num2words(int(match['hour']))}{minutes} {match['half'].lower()} m"

    return _TIME.sub(spoken, text)


def say_money(text: str) -> str:
    """ "$5" -> "five dollars", "£2.5 million" -> "two point five million pounds"."""

    def spoken(match: re.Match[str]) -> str:
        one, many = CURRENCIES[match["sign"]]
        scale = {"m": "million", "bn": "billion"}.get(match["scale"] or "", match["scale"] or "")
        amount = match["amount"]
        plural = many if scale or float(amount.replace(",", "")) != 1 else one
        return f"{_words(amount)} {scale + ' ' if scale else ''}{plural}"

    return _MONEY.sub(spoken, text)


def say_percentages(text: str) -> str:
    """ "3.5%" -> "three point five percent"."""
    return _PERCENT.sub(lambda match: f"{_words(match['amount'])} percent", text)


def say_ordinals(text: str) -> str:
    """ "21st" -> "twenty-first"."""
    def spoken(match: re.Match[str]) -> str:
        number = match["number"]
        if len(number) > MAX_NUMBER_DIGITS:
            return _digit_by_digit(number) + match.group(0)[len(number):]
        return num2words(int(number), lang="en", to="ordinal")

    return _ORDINAL.sub(spoken, text)


def say_years(text: str) -> str:
    """Years as years after "in", "since"…: "in 1990" -> "in nineteen ninety"; "1990 people" stays a quantity."""

    def spoken(match: re.Match[str]) -> str:
        if not YEAR_CONTEXT.search(text[: match.start()]):
            return match.group(0)
        return num2words(int(match["year"]), lang="en", to="year")

    return _YEAR.sub(spoken, text)


def say_numbers(text: str) -> str:
    """ "250,000" -> "two hundred and fifty thousand"; "-5" -> "minus five"."""

    def spoken(match: re.Match[str]) -> str:
        words = _words(match["number"])
        return f"minus {words}" if match["minus"] else words

    return _PLAIN.sub(spoken, text)


RULES = (expand_titles, say_times, say_money, say_percentages, say_ordinals, say_years, say_numbers)
