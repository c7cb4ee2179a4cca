"""Hand-written pairs of short reports: does `compare` agree where they agree and conflict where they conflict?

    python bench/compare_pairs.py        # writes bench/results/compare_pairs.json; -v prints every verdict

83 pairs written by a QA pass on 2026-11-27 against the copy, opposite-word and negation rules of that day
(``docs/facts.md``): 52 that agree (paraphrases, reorderings, aliases, hedged numbers, datelines, two people's
figures) and 31 with a planted contradiction, most of them reworded as a journalist would. Outcomes:
``correct``; ``FALSE_CONFLICT`` (an agreeing pair with a conflict); ``FALSE_AGREEMENT`` (a contradiction whose
claim is corroborated); ``missed_conflict`` (neither). Not a held-out test: the rules were fixed against the
false conflicts it found, so read it as a regression check and a list of what lexical rules cannot see.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from corroborator.model import Article
from corroborator.pipeline import compare

RESULTS = Path(__file__).resolve().parent / "results" / "compare_pairs.json"

# (id, expect, A, B, key)  expect: "agree" | "conflict"; key: words of the contradicting claim in A
PAIRS = [
# ---------------- AGREE ----------------
("A01-cpi", "agree",
 "Consumer prices rose 3% in March, the statistics office said. Economists had expected a smaller increase.",
 "In March, prices went up 3%, according to the statistics office. The increase was larger than economists expected.", None),
("A02-quarter", "agree",
 "Acme Corp reported a first quarter profit of $2 million. Chief executive John Smith said demand was strong.",
 "Mr Smith, Acme's chief executive, said demand was strong as the company posted a $2 million profit for the first quarter.", None),
("A03-phrasal", "agree",
 "The council set up a task force on housing. It also shut down a shelter in the north of the city.",
 "A housing task force was set up by the council, which shut down a northern shelter.", None),
("A04-upto", "agree",
 "Up to 100 people were evacuated after the flood in Riverton. No deaths were reported.",
 "As many as 100 people were evacuated from Riverton after the flood. Officials said no one died.", None),
("A05-former", "agree",
 "The former CEO of Globex, Mary Jones, was charged with fraud on Tuesday. She denied the charges.",
 "Mary Jones, the former CEO of Globex, was charged with fraud on Tuesday and denied wrongdoing.", None),
("A06-words", "agree",
 "Five people were injured when a bus overturned on Highway 9. Police said the driver survived.",
 "Police said 5 people were injured when a bus overturned on Highway 9. The driver survived.", None),
("A07-headline", "agree",
 "STORM LASHES COAST\nA powerful storm hit the coast on Sunday, cutting power to 20,000 homes.",
 "A powerful storm struck the coast on Sunday and cut power to 20,000 homes, the utility said.", None),
("A08-toldreporters", "agree",
 "Governor Lisa Park said the state would appeal the ruling. The ruling blocks the new voting law.",
 "Governor Lisa Park told reporters the state would appeal the ruling. The ruling blocks the new voting law.", None),
("A09-sports", "agree",
 "Hansbrough scored 24 points as North Carolina beat Duke 80-72. Thompson scored 15 points for Duke.",
 "North Carolina beat Duke 80-72 on Saturday. Thompson had 15 points for Duke, while Hansbrough scored 24 points.", None),
("A10-court", "agree",
 "A federal judge sentenced Tom Baker to 10 years in prison on Friday. Baker was convicted of bank fraud in May.",
 "Tom Baker, convicted of bank fraud in May, was sentenced on Friday to 10 years in prison by a federal judge.", None),
("A11-dateline", "agree",
 "UPDATED: MARCH 14, 2013, 9:31 AM\nThe central bank raised interest rates on March 13 to 2.5%.",
 "The central bank raised rates to 2.5% on March 13.\nMarch 15, 2013", None),
("A12-rosefell-diff", "agree",
 "Shares of Acme rose 5% on Monday. Shares of Globex fell 2% on Monday.",
 "Acme shares rose 5% on Monday, while Globex shares fell 2%.", None),
("A13-firstlast-diff", "agree",
 "The first train leaves at 6 a.m. The last train leaves at midnight.",
 "The last train leaves at midnight, and the first train leaves at 6 a.m.", None),
("A14-votes-diff", "agree",
 "Senator Brown voted for the bill. Senator Green voted against the bill.",
 "Senator Green voted against the bill, while Senator Brown voted for it.", None),
("A15-welcomed-diff", "agree",
 "Unions welcomed the pay deal. Employers criticised the pay deal.",
 "Employers criticised the pay deal, which unions welcomed.", None),
("A16-mayor-name", "agree",
 "Mayor Anna Berg resigned on Monday after a corruption inquiry.",
 "The inquiry was opened last year. Mayor Anna Berg has led the city since 2015.", None),
("A17-earthquake", "agree",
 "A magnitude 6.1 earthquake struck central Italy early on Wednesday, killing at least 12 people. Rescuers searched the rubble through the night.",
 "At least 12 people were killed when a 6.1-magnitude quake hit central Italy early Wednesday. Rescue teams worked overnight.", None),
("A18-merger", "agree",
 "Globex agreed to buy Initech for $4 billion. The deal is expected to close in the first half of next year.",
 "Initech will be bought by Globex for $4 billion in a deal expected to close in the first half of next year.", None),
("A19-vicepres-both", "agree",
 "Vice President Maria Lopez visited the flood zone on Thursday. She promised federal aid.",
 "Vice President Maria Lopez promised federal aid during a visit to the flood zone on Thursday.", None),
("A20-election", "agree",
 "Labour won the by-election in Hartford with 52% of the vote. The Conservatives came second.",
 "The Conservatives finished second as Labour won the Hartford by-election, taking 52% of the vote.", None),
("A21-twopeople-age", "agree",
 "The victims were Sarah Cole, who was 22, and her brother Ben, who was 16.",
 "Ben Cole was 16 and his sister Sarah Cole was 22, police said.", None),
# ---------------- CONFLICT ----------------
("C01-vote", "conflict",
 "Senator Brown voted for the infrastructure bill on Tuesday.",
 "On Tuesday Senator Brown cast his vote against the infrastructure bill.", "voted for"),
("C02-number-paraphrase", "conflict",
 "The fire killed 12 people and injured 30, officials said.",
 "Officials said 9 people died in the fire and 30 were injured.", "killed 12"),
("C03-rosefell", "conflict",
 "Acme shares rose 4% on Monday after the earnings report.",
 "Acme shares fell 4% on Monday after the earnings report.", "rose"),
("C04-rosefell-para", "conflict",
 "Inflation rose to 3.2% in June, the statistics office said.",
 "The statistics office said inflation dropped to 3.2% in June.", "rose"),
("C05-city", "conflict",
 "The summit will be held in Hong Kong next month.",
 "The summit will be held in Tokyo next month.", "Hong Kong"),
("C06-age", "conflict",
 "The victim, Sarah Cole, was 22.",
 "The victim, Sarah Cole, was 16.", "22"),
("C07-former", "conflict",
 "Former director Paul Hunt testified before the committee on Monday.",
 "Director Paul Hunt testified before the committee on Monday.", "testified"),
("C08-vp", "conflict",
 "President Maria Lopez visited the flood zone on Thursday.",
 "Vice President Maria Lopez visited the flood zone on Thursday.", "visited"),
("C09-quote", "conflict",
 "\"We will not back down,\" said Governor Lisa Park.",
 "\"We will not back down,\" said Mayor Tom Reed.", "back down"),
("C10-negation", "conflict",
 "The tax cut helped drive growth last year, the minister said.",
 "The tax cut did not help drive growth last year, the minister said.", "helped drive"),
("C11-welcomed", "conflict",
 "Unions welcomed the government's pension reform on Friday.",
 "Unions criticised the government's pension reform on Friday.", "welcomed"),
("C12-won-lost-para", "conflict",
 "Federer won the final in straight sets on Sunday.",
 "Federer was beaten in the final on Sunday, losing in straight sets.", "won"),
("C13-date-para", "conflict",
 "The ceasefire took effect on Tuesday, March 5.",
 "The ceasefire came into force on Thursday, March 7.", "ceasefire"),
("C14-survived", "conflict",
 "The pilot was killed when the plane crashed near Denver.",
 "The pilot survived when the plane crashed near Denver.", "pilot"),
("C15-buysell", "conflict",
 "Analysts at Morgan Stanley told clients to buy Acme stock.",
 "Analysts at Morgan Stanley told clients to sell Acme stock.", "buy"),
("C16-acquit", "conflict",
 "A jury found Tom Baker guilty of fraud on Friday.",
 "A jury acquitted Tom Baker of fraud on Friday.", "guilty"),
("C17-money-para", "conflict",
 "Globex agreed to buy Initech for $4 billion.",
 "Initech will be acquired by Globex in a deal worth $5 billion.", "$4 billion"),
("C18-quote-para", "conflict",
 "\"This is a dark day for our city,\" Mayor Anna Berg told reporters.",
 "\"This is a dark day for our city,\" police chief Mark Hale told reporters.", "dark day"),
("C19-death-para", "conflict",
 "At least 40 people died in the floods, the government said.",
 "The government said at least 25 people had died in the floods.", "40"),
("C20-role-state", "conflict",
 "Chancellor Olaf Weber met the French president in Paris.",
 "Finance minister Olaf Weber met the French president in Paris.", "Weber"),
("C21-early-late", "conflict",
 "The polls closed early on Sunday because of the storm.",
 "The polls closed late on Sunday because of the storm.", "polls"),
# ---------------- EDGE (copy rules 2/3) ----------------
("E01-alias-US", "agree",
 "The U.S. imposed new sanctions on Iran on Monday.",
 "The United States imposed new sanctions on Iran on Monday.", None),
("E02-alias-UK", "agree",
 "Britain will send 500 troops to Estonia next year.",
 "The UK will send 500 troops to Estonia next year.", None),
("E03-rounding", "agree",
 "The company will cut about 200 jobs in Ohio.",
 "The company will cut about 210 jobs in Ohio.", None),
("E04-listorder", "agree",
 "Leaders from France, Germany and Italy met in Rome on Tuesday.",
 "Leaders from Italy, France and Germany met in Rome on Tuesday.", None),
("E05-firstreported", "agree",
 "The story was first reported by the Times on Monday. Police confirmed the arrest later.",
 "The story, first reported by the Times on Monday, was later confirmed by police.", None),
("E06-firstlast-rep", "conflict",
 "The outbreak was first reported in Lagos in May.",
 "The outbreak was last reported in Lagos in May.", "Lagos"),
("E07-surname-vs-full", "agree",
 "John Smith, the chief executive, resigned on Monday. Smith had led the company since 2010.",
 "Chief executive John Smith resigned on Monday. Mr Smith had led the company since 2010.", None),
("E08-title-nonstate", "agree",
 "Coach Mike Dunn praised the defence after the game.",
 "Manager Mike Dunn praised the defence after the game.", None),
("E09-updown-diff", "agree",
 "Oil prices were up on Tuesday. Gas prices were down on Tuesday.",
 "Gas prices were down on Tuesday, but oil prices were up.", None),
("E10-begin-end", "agree",
 "The trial will begin on Monday. It is expected to end in June.",
 "The trial is expected to end in June. It will begin on Monday.", None),
("E11-weekday-strong", "agree",
 "The dollar was strong against the euro on Monday and weak against the yen.",
 "On Monday the dollar was weak against the yen and strong against the euro.", None),
("E12-city-alias", "agree",
 "The talks took place in New York City on Friday.",
 "The talks took place in New York on Friday.", None),
("E13-number-unrelated", "agree",
 "Route 66 was closed on Monday after the crash.",
 "Route 66 was closed on Monday after the crash, which involved 3 trucks.", None),
("E14-did-not-both", "agree",
 "The minister did not attend the summit on Friday.",
 "The minister did not attend Friday's summit.", None),
("E15-sameperson-diff-job", "agree",
 "Mayor Anna Berg opened the new bridge on Monday.",
 "Anna Berg, the city's mayor, opened the new bridge on Monday.", None),

# ---------------- EXTRA probes (different subjects / different things) ----------------
("F01-wonlost-teams", "agree",
 "Arsenal won on Sunday.", "Chelsea lost on Sunday.", None),
("F02-begin-end-early-late", "agree",
 "The talks began early on Monday.", "The talks ended late on Monday.", None),
("F03-killed-survived-people", "agree",
 "The driver was killed in the crash. The passenger survived the crash.",
 "The passenger survived the crash, but the driver was killed in the crash.", None),
("F04-exports-imports", "agree",
 "Exports rose in May.", "Imports fell in May.", None),
("F05-two-scorers", "agree",
 "Smith scored in the 10th minute.", "Jones scored in the 80th minute.", None),
("F06-jobs-places", "agree",
 "The company cut 200 jobs in Ohio.", "The company cut 300 jobs in Texas.", None),
("F07-coach-midsentence", "agree",
 "The defence was praised by coach Mike Dunn after the game.",
 "The defence was praised by manager Mike Dunn after the game.", None),
("F08-ceo-chair", "agree",
 "Chief executive John Smith announced the deal on Monday.",
 "Chairman John Smith announced the deal on Monday.", None),
("F09-did-not-say", "agree",
 "Police did not say whether the suspect was armed.",
 "Police said the suspect was armed.", None),
("F10-notonly", "agree",
 "The tax cut not only helped drive growth but also cut debt.",
 "The tax cut helped drive growth and cut debt.", None),
("F11-dateline2", "agree",
 "Published 14 March 2013 09:31 GMT\nThe bridge collapsed on 12 March, killing two people.",
 "Last updated: 3/15/2013\nTwo people were killed when the bridge collapsed on 12 March.", None),
("F12-years", "agree",
 "In 2019, the firm earned $5 million.", "In 2020, the firm earned $7 million.", None),
("F13-same-quote-two-people", "agree",
 "\"We are devastated,\" said John Cole, the victim's father. \"We are devastated,\" said Mary Cole, his mother.",
 "\"We are devastated,\" said Mary Cole, the victim's mother.", None),
("F14-strong-weak-currencies", "agree",
 "The dollar was strong on Monday.", "The euro was weak on Monday.", None),
("F15-up-down-sections", "agree",
 "Sales were up in Europe.", "Sales were down in Asia.", None),
("F16-mayor-other-city", "agree",
 "Mayor Anna Berg of Oslo attended the summit.", "Mayor Tom Reed of Bergen attended the summit.", None),
("F17-set-up-shut-down", "agree",
 "The firm set up a plant in Ohio.", "The firm shut down a plant in Texas.", None),
("G01-deny-confirm", "conflict",
 "The company denied the report on Tuesday.", "The company confirmed the report on Tuesday.", "denied"),
("G02-resigned-fired", "conflict",
 "John Smith resigned as chief executive on Monday.", "John Smith was fired as chief executive on Monday.", "resigned"),
("G03-stay-open", "conflict",
 "The plant will close in June, the company said.", "The company said the plant will stay open beyond June.", "close"),
("G04-no-injuries", "conflict",
 "Nobody was injured in the blast, police said.", "Police said three people were injured in the blast.", "injured"),
("G05-time", "conflict",
 "The explosion happened at 9 a.m. on Monday.", "The explosion happened at 3 p.m. on Monday.", "explosion"),

# ---------------- EXTRA edge: name-alias heuristics in copy rule ----------------
("H01-niger-nigeria", "conflict",
 "The opposition leader fled to Niger on Monday. Niger and Nigeria share a border.",
 "The opposition leader fled to Nigeria on Monday.", "fled"),
("H02-austria-australia", "conflict",
 "The minister will travel to Austria next week for talks. Australia was not invited.",
 "The minister will travel to Australia next week for talks.", "travel"),
("H03-sudan-southsudan", "conflict",
 "Fighting broke out in South Sudan on Friday, the UN said.",
 "Fighting broke out in Sudan on Friday, the UN said.", "Fighting"),
("H04-decimal", "conflict",
 "Unemployment rose to 4.1% in May, the agency said.",
 "Unemployment rose to 4.7% in May, the agency said.", "Unemployment"),
]


def run(pair: tuple) -> tuple[str, list[str]]:
    _, expect, a, b, key = pair
    report = compare([Article(id="a", text=a), Article(id="b", text=b)])
    conflicting = [v for v in report.claims if v.conflicts]
    lines = [f"   {v.claim.source} {v.claim.kind:10} {v.verdict:14} {v.claim.text!r} {[(c.type, c.detail) for c in v.conflicts]}"
             for v in report.claims]
    if expect == "agree":
        return ("FALSE_CONFLICT" if conflicting else "correct"), lines
    if conflicting:
        return "correct", lines
    keyed = [v for v in report.claims if key and key.lower() in v.claim.text.lower()]
    return ("FALSE_AGREEMENT" if any(v.verdict == "corroborated" for v in keyed) else "missed_conflict"), lines


def main(pairs: list[tuple] = PAIRS, results: Path = RESULTS) -> None:
    verbose = "-v" in sys.argv
    counts: dict[str, int] = {}
    wrong = []
    for pair in pairs:
        outcome, lines = run(pair)
        counts[outcome] = counts.get(outcome, 0) + 1
        print(f"{pair[0]:32} expect={pair[1]:8} -> {outcome}")
        if outcome != "correct":
            wrong.append(pair[0])
        if verbose or outcome != "correct":
            print("\n".join(lines))
    print(counts)
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text(json.dumps({"pairs": len(pairs), "outcomes": counts, "wrong": wrong}, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
