"""An essay written for the tests: fourteen paragraphs of plain prose, no two alike.

The ingest tests lay it out as PDFs, DOCX and HTML in many ways and check that the
paragraphs come back as they are here.
"""

from __future__ import annotations

TITLE = "Why Sequencing Matters"

_TEXT = """
Cities that built their tram lines early have kept them longest. The rails were laid
when streets were still cheap to dig, and every later plan had to work around them, so
the network became a fixed point that buses, roads and housing arranged themselves
along.

The same logic explains why some reforms survive a change of government. A measure that
creates its own constituency, such as a pension that millions of people draw every
month, is hard to reverse because the people who benefit notice its loss at once.

Measures whose costs are spread thinly and whose benefits are concentrated behave in the
opposite way. They are easy to pass and hard to defend, since nobody feels strongly
enough about a small saving to campaign for it when a well organised group wants it
gone.

None of this means that policy is destiny. Budgets are rewritten each year, courts
strike down statutes, and voters sometimes punish a party for the very programme that
made it popular a decade before.

What it does mean is that the order in which things are done matters. A government that
begins with the measure most likely to build support gives itself room for the harder
choices that come later in its term.

Sequencing is therefore a political skill as much as a technical one, and it is rarely
taught. Officials learn it by watching reforms fail, usually after the window in which
they could have succeeded has closed.

Consider a city that wants fewer cars in its centre. If it starts by raising the price
of parking, drivers see only a new charge and the council sees only angry letters. If it
starts by running buses every five minutes, the charge that follows a year later meets
people who already have another way to travel.

The second order costs the same and takes a little longer, but it turns a fight about
money into a choice between two services, and choices are easier to defend than charges.

Pension reform shows the pattern from the other side. Raising the retirement age is
unpopular in every country that has tried it, yet some governments have managed it
without losing office, usually by announcing the change many years ahead and tying it to
a rule rather than to a decision.

A rule that links the age to life expectancy takes the choice out of any single budget.
Each increase arrives as the working of a formula agreed long before, and the minister
who announces it can point to the arithmetic instead of defending a preference.

Trade agreements are often sequenced with less care. The gains arrive slowly and spread
across the whole economy, while the losses land quickly on particular towns, which then
remember the agreement by the factory that closed rather than by the prices that fell.

Adjustment assistance that begins before the tariffs fall, rather than after the
layoffs, changes that memory. It is cheaper to retrain a workforce while the plant is
still open than to rebuild a town once the plant has gone.

The lesson is not that every reform needs a long runway. Some windows are short, and a
government that waits for perfect conditions will find that its majority has gone before
the conditions arrive.

It is rather that the first step should be chosen for what it makes possible. A reform
that wins friends buys time, and time is the one resource that every programme of change
runs out of in the end.
"""

PARAGRAPHS = tuple(" ".join(block.split()) for block in _TEXT.strip().split("\n\n"))
