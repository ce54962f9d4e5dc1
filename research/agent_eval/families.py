"""The generalisation suite: question families over three graphs, split into a dev and a held-out half.

Each line of a families file is one family: one hand-written gold Cypher query and several phrasings of the
question it answers (a follow-up family's phrasings are [first question, follow-up] pairs; gold answers the
follow-up). A family names its graph ("graph": fixture (default), demo or mvsa; see GRAPH_FILES): families.jsonl
runs on the 36-post fixture, families_demo.jsonl on the demo collection as `make demo` loads it, and
families_mvsa.jsonl on the first 200 MVSA-Single posts loaded with the full pipeline. families_casual.jsonl
(CASUAL) holds families over all three graphs written later, blind to the parser, the way people type ("pics",
"what % of", "did I post more X or Y", "and in 2023?"); each of its families names its graph. A family with
"expect": "not_in_graph" (and no gold query) asks for something no import records (likes, followers): it is
answered right when the agent returns no rows and says what the graph holds instead. families_stranger.jsonl
(STRANGER, suite "stranger") holds 30 families over the three graphs written later still, blind to the parser, by
someone who had not written it or any family before: counts, shares, rankings, thresholds, relative time ("last
year", "the past 6 months", relative to the newest post), negation, caption-vs-image and follow-ups.
families_third.jsonl (THIRD, suite "third") holds 20 families over the three graphs written in a third blind round,
before the person writing them had read the parser's grammar or run it on them, covering the same kinds evenly.
families_fourth.jsonl (FOURTH, suite "fourth") holds 20 families from a fourth blind round by yet another author,
written and committed before reading the grammar or running the parser, weighted to kinds the earlier suites hold
few of: yes/no ("did I ever post a pic of a horse?"), "compared with last year", per-month and per-year
breakdowns, least/fewest, "more than N", caption-vs-photo disagreement, hashtags and @mentions, what photos show.
families_fifth.jsonl (FIFTH, suite "fifth") holds 20 families (fixture 7, demo 6, mvsa 7) from a fifth blind round,
written and committed before reading the parser or the earlier suites' phrasings, and first run with the local LLM
on: rolling windows ("the last 12 months", "the past 6 months"), a per-year breakdown of one topic, topics that
never had a negative post, posts without hashtags, "@mention" share, a caption-vs-photo split inside one topic,
rankings of topics and hashtags, "more than 10 photos", follow-ups that narrow a count, and a "likes" decline.
families_sixth.jsonl (SIXTH, suite "sixth") holds 20 families (fixture 7, demo 6, mvsa 7) from a sixth blind round,
written and committed before reading the parser or the earlier suites' phrasings, to measure a change to the LLM
route: a month-by-month and a year-by-year breakdown, "the past 6 months", photos with no people in them, years with
no negative post, posts showing a dog that are not positive, the most mentioned person, the top 3 and the rarest,
"at least 4" / "10+" thresholds, percentages, caption-vs-photo disagreement as a list and as a count, follow-ups
that narrow to a year or a verdict, and a "comments" decline.
families_seventh.jsonl (SEVENTH, suite "seventh") holds 20 families (fixture 7, demo 6, mvsa 7) from a seventh blind
round, written and committed before reading the parser or the earlier suites' phrasings, against the graphs as the
new captioner and entity filter load them: photos showing a dog or any animal, negative posts per year, the topics
of "the last 3 months", travel posts that are not negative, posts not about a topic, positive posts without
hashtags, a negative caption over a positive photo (as a list and as a count), the most used hashtag, the topic
with the most negative posts and the smallest topic, years with more than 6 posts, tags on more than 10 photos,
percentages of positive posts, follow-ups that narrow a count to a year or ask which year had the most, and a
"views" decline.
families_eighth.jsonl (EIGHTH, suite "eighth") holds 20 families (fixture 7, demo 6, mvsa 7) from an eighth blind
round, written and committed before reading the parser or the earlier suites' phrasings, weighted away from plain
counts: the mood of "the past 6 months" and a per-year sentiment breakdown, a month-by-month count of one year, the
least negative year, the year with the fewest posts and the smallest topic, dog photos without a beach, years with
no post about a topic, posts with neither a hashtag nor an @mention, people named in more than one post, hashtags
used more than twice, the negative share of a topic, photos happier than their caption and caption-photo
agreement, follow-ups that narrow to a verdict or to "the last two years", and a "reach"/"impressions" decline.
families_ninth.jsonl (NINTH, suite "ninth") holds 20 families (fixture 7, demo 6, mvsa 7) from a ninth blind round,
written and committed before reading the parser or the earlier suites' phrasings: photos of food, cars and coffee
(as a count and as a share), "the past 12 months" and "last year" (the calendar year before the newest post's) as a
sentiment breakdown, a topic "since 2022", the top three places named and the three biggest topics, hashtags used at
least twice and topics at least half negative, posts with no photo and posts with no topic, the English share, a
neutral caption over a positive photo (as a list) and a positive caption over a negative photo (as a count),
follow-ups that narrow a topic to a year, a year to a verdict and dog photos to a negative caption, and
"saves"/"profile visits" declines.
families_tenth.jsonl (TENTH, suite "tenth") holds 20 families (fixture 7, demo 6, mvsa 7) from a tenth blind round,
written and committed before reading the parser, the agent or the earlier suites' phrasings: "the first half of
2022", a per-year count "since 2021" and "the past 3 months" (counted back from the newest post), the share of dog
and of cat photos that are positive, musical instruments and negative posts with an animal in the photo as counts,
the most negative year, the topic with the lowest average sentiment and the three most common photo tags, years
with 3 or more negative posts and topics with at least 10 posts, cities never negative, beach posts without a dog
and posts with no @mention, a negative photo under a caption that is not negative and a positive caption over a
negative photo (as lists), follow-ups that narrow a year's posts to those with a photo and switch dogs to cats, and
a "reposts"/"shares" decline.
families_eleventh.jsonl (ELEVENTH, suite "eleventh") holds 20 families (fixture 7, demo 6, mvsa 7) from an eleventh
blind round, written and committed before reading the parser, the agent or the earlier suites' phrasings, by an author
who saw only the graph schema and the three graphs: "last year" counted from the newest post, a per-year count of one
topic, a sad caption over a happy photo (a list) and a happy caption over a sad photo (a count), the most mentioned
person, the most negative year and the three biggest topics, the positive share of a year and the negative share of
a collection, topics with at least 4 posts and hashtags used 3 or more times, travel posts that are not negative, cat
photos with no hashtag and topics never negative, a hashtag count and posts with an @mention, follow-ups that narrow
beach photos to a year, a year to its negative share and a topic to its negative photos, and a "likes" decline.
families_twelfth.jsonl (TWELFTH, suite "twelfth") holds 20 families (fixture 7, demo 6, mvsa 7) from a twelfth blind
round, written and committed before the parser or the LLM ran on it, by an author who saw only the schema, the
README and the three graphs: positive beach posts, the negative share of a year and the positive share of animal
photos, the top photo subjects (two rankings), 2022 posts not about travel and negative posts without hashtags, a
negative caption over a positive photo (a list) and a positive caption over a negative photo (a count), "last year"
and "the past 6 months", a topic's posts per year, a yes/no whose answer is no, hashtags used twice or more and posts
with 10+ hashtags, the most negative year, follow-ups that narrow the posts naming a person to positive ones, coffee
posts to Paris and a topic to its negative posts, and a "likes" decline.
families_thirteenth.jsonl (THIRTEENTH, suite "thirteenth") holds 20 families (fixture 7, demo 6, mvsa 7) from a
thirteenth blind round, written the same way and committed before anything ran on it: negative posts per year, a
negative caption over a positive photo (a list) and a positive caption over a negative photo (a count), places named
in 2+ posts and hashtags used 3+ times, beach photos with no person and posts without hashtags, follow-ups that narrow
travel posts to negative ones and animal photos to positive ones, yes/no questions (a horse photo; London, whose
answer is no), the top 3 photo tags and the 3 topics with the highest negative share, "the past 6 months", a topic in
one year and a topic's negative posts, the share of cat photos and of negative photos whose caption is negative too,
the @accounts mentioned, and a "most liked" question the graph cannot answer.
families_fourteenth.jsonl (FOURTEENTH, suite "fourteenth") holds 20 families (fixture 7, demo 6, mvsa 7) from a
fourteenth blind round, written the same way on graphs rebuilt on a new machine and committed before anything ran on
it: the top 3 photo subjects and the topic with the most negative captions, topics with 5+ posts and posts with more
than 5 hashtags, negative posts in the last 12 months and posts in the past 6 months, photos without people and space
posts that are not positive, a negative caption over a positive photo (a list) and a positive caption over a
negative photo (a count), a yes/no on a negative post naming Paris, cat photos and distinct @accounts as counts, the
share of posts with a hashtag and the negative share of a topic, the places named, follow-ups that narrow a person's
posts to the beach, switch a year and narrow animal photos to negative ones, and a "most liked" question the graph
cannot answer.
families_fifteenth.jsonl (FIFTEENTH, suite "fifteenth") holds 20 families (fixture 7, demo 6, mvsa 7) from a
fifteenth blind round, written by a helper that read neither the agent, its tests, its docs nor any earlier suite,
and committed before anything ran on it, after a session that added questions the parser had left to the LLM: a
season of a year, posts per year and the first post, photos without people, topics with 3+ posts, a follow-up that
narrows dog photos to a year, switches a topic to positive posts and turns a busiest-year ranking round, the share of
coffee photos and of an MVSA topic, the top 3 kinds of photo tags, hashtags on more than two posts, animal photos
that are not cats or dogs, negative captions vs negative photos and a sad caption over a happy photo, Japanese
captions, and a "most likes" question the graph cannot answer.
families_sixteenth.jsonl (SIXTEENTH, suite "sixteenth") holds 20 families (fixture 7, demo 6, mvsa 7) from a
sixteenth blind round, written the same way by a helper that read neither the agent, its tests, its docs nor any
earlier suite, and committed before anything ran on it: negative captions last year, a sad caption over a happy photo,
dog photos without a hashtag, months of a year with 2+ posts, follow-ups that narrow travel posts to a month, Berlin
posts to "since 2021" and animal photos to a negative caption, the most mentioned person, the least common topic and
the top 3 topics, the positive share of a year, of clothing photos and of English captions, a yes/no on French
captions, positive posts per year, posts between two months of different years, posts without @mentions, caption
and photo agreeing, posts with more than 4 hashtags, and a "most comments" question the graph cannot answer.
families_seventeenth.jsonl (SEVENTEENTH, suite "seventeenth") holds 20 families (fixture 7, demo 6, mvsa 7) from a
seventeenth blind round, written the same way and committed before anything ran on it: negative posts per year, a
gloomy caption over a bright photo and negative text over a positive photo, the top 3 people and the top 3 kinds of
photo, topics with 4+ posts and hashtags on 3+ posts, posts with a hashtag, without one, and with neither a hashtag
nor an @mention, the first post naming Berlin, the past 12 months, the share of coffee photos, the average sentiment
of cat photos, Japanese captions, a yes/no on dog photos, follow-ups that narrow a person's posts to beach photos, a
topic to its negative posts and animal photos to a positive caption, and a "most liked" question the graph cannot
answer.
families_eighteenth.jsonl (EIGHTEENTH, suite "eighteenth") holds 20 families (fixture 7, demo 6, mvsa 7) from an
eighteenth blind round, written the same way and committed before anything ran on it: the past 12 months and the
quietest year, gloomy words over a bright photo and cheerful text over a negative photo, photos without people, the
average mood per year and captions vs photos on average, the most mentioned person, a yes/no on a dog on the beach,
the first cat photo, cat photos without a hashtag, hashtags used more than once and topics with 10+ posts, food or
drink photos, the positive share, Japanese posts, follow-ups that narrow trips and animal photos to negative ones and
a topic to before a year, and a "most liked" question the graph cannot answer.
families_nineteenth.jsonl (NINETEENTH, suite "nineteenth") holds 20 families (fixture 7, demo 6, mvsa 7) from a
nineteenth blind round, written the same way and committed before anything ran on it: dog photos counted, the past
6 months, beach posts whose caption is not positive, a negative caption over a positive photo (as a list and as a
count), the top 3 things photos show, a yes/no on dog photos last year, the share of coffee photos, the most used
hashtag, the languages other than English, posts per year, #berlin posts that are not positive, the average photo
score of animal photos, posts with 5+ hashtags or with an @mention, the share of positive captions, a yes/no on a
name, and follow-ups that narrow the newest posts to beach photos, cat posts to a year and animal photos to a
negative caption.
families_twentieth.jsonl (TWENTIETH, suite "twentieth") holds 20 families (fixture 7, demo 6, mvsa 7) from a
twentieth blind round, written the same way and committed before anything ran on it: the past 12 months, a happy
photo over a sad caption (as a list) and a negative caption over a positive photo (as a count), beach photos without
people, posts without hashtags, the most mentioned person, the mood of work vs food posts, a yes/no on German
captions and on a snake photo, the first Berlin post, cat posts with a positive caption, hashtags used twice, the
languages other than English, the negative share, the top 2 animals, the posts naming a name, the average
sentiment of animal photos, posts with 5+ @mentions, and follow-ups that narrow dog posts to beach photos and
vehicle photos to a negative caption.
families_twentyfirst.jsonl (TWENTYFIRST, suite "twentyfirst") holds 20 families (fixture 7, demo 6, mvsa 7) from a
twenty-first blind round, written the same way and committed before anything ran on it: positive posts of the past 6
months, beach posts that do not name a person, a negative caption over a positive photo counted, the caption's
average per year, the quietest season, the top 3 topics, a span of months across a new year, the positive share of
a topic, posts naming a place since a year, the languages other than English, cat photos with a positive caption,
posts with 5+ hashtags, topics that are all positive and the three most negative, captions vs photos on average,
negative posts with a hashtag, a yes/no on a name only the captions hold, follow-ups that narrow travel posts to
negative ones and go on from posts whose caption is upbeat and photo gloomy, and a "most liked" question the graph
cannot answer.
families_twentysecond.jsonl (TWENTYSECOND, suite "twentysecond") holds 20 families (fixture 7, demo 6, mvsa 7) from a
twenty-second blind round, written the same way and committed before anything ran on it: posts per year and of the
past 6 months, city photos narrowed to negative ones, posts without a photo, a negative caption over a positive
photo (a list and a count), the negative share and the English share, the average sentiment of beach photos, topics
ranked, hashtags used at least twice and 3 or more times, the accounts @mentioned and posts that @mention nobody,
the quietest calendar month, languages other than English, a yes/no on a place in a year, retweets counted from the
captions, the places named, and a "most liked" question the graph cannot answer.
families_twentythird.jsonl (TWENTYTHIRD, suite "twentythird") holds 20 families (fixture 7, demo 6, mvsa 7) from a
twenty-third blind round, written the same way and committed before anything ran on it: posts per year, a negative
caption over a positive photo, beach photos with no dog, photo tags in at least 5 photos, the last 6 months and the
negative posts of the past 12, the person mentioned most, languages other than English, the share of coffee photos
and the negative share, a yes/no on a person in a year whose answer is no, the accounts @mentioned, vehicle photos,
the average sentiment of cat photos, the top 3 kinds of photo tag, posts without hashtags, follow-ups that narrow
Max's posts to beach photos, #berlin posts to the years before 2021 and animal photos to negative posts, and a
"most liked" question the graph cannot answer.
families_twentyfourth.jsonl (TWENTYFOURTH, suite "twentyfourth") holds 20 families (fixture 7, demo 6, mvsa 7) from a
twenty-fourth blind round, written the same way and committed before anything ran on it: food photos, the last 6
months, posts without a photo, posts per year, a negative caption over a positive photo and a positive caption over a
negative photo, the hashtag used most and hashtags used 3 or more times, the average sentiment of cat photos, posts
scoring above 0.5, the accounts @mentioned, the latest post about a topic, the positive share, Japanese posts, posts
without hashtags, a yes/no on an elephant photo, follow-ups that narrow 2022 posts to negative ones, coffee photos to
Paris and animal photos to negative ones, and a "likes" question the graph cannot answer.
families_twentyfifth.jsonl (TWENTYFIFTH, suite "twentyfifth") holds 20 families (fixture 7, demo 6, mvsa 7) from a
twenty-fifth blind round, written the same way and committed before anything ran on it, after this session's last
fix: negative posts per year, beach photos with no people, a negative caption over a positive photo, the person
mentioned most, photo tags in 3+ photos, a yes/no whose answer is no, the negative share of a year, the first coffee
photo, the past 12 months, the places named, the year with the most negative posts, Japanese posts, caption and
photo agreeing, posts with more than 5 hashtags, the top 3 kinds of photo tag, posts with neither a hashtag nor an
@mention, the average photo score of animal photos, follow-ups that narrow bicycle photos to positive posts and cat
photos to the years before 2021, and a "most liked" question the graph cannot answer.
families_twentysixth.jsonl (TWENTYSIXTH, suite "twentysixth") holds 20 families (fixture 7, demo 6, mvsa 7) from a
twenty-sixth blind round, written the same way and committed before anything ran on it: the past six months, the
three places named most and the two most common photo tags, a negative caption over a positive photo and a positive
caption over a negative photo, travel posts that are not negative and posts without hashtags, a yes/no on Berlin in
2021 and one on a snake photo, the share of cat photos and the positive share, positive posts last year, hashtags
used more than once and topics with 10+ posts, the accounts tagged, posts naming people, follow-ups that turn a
yearly negative count to positive, narrow coffee photos to the years before 2021 and Japanese posts to positive
ones, and a "likes" question the graph cannot answer.
families_twentyseventh.jsonl (TWENTYSEVENTH, suite "twentyseventh") holds 20 families (fixture 7, demo 6, mvsa 7)
from a twenty-seventh blind round, written the same way and committed before anything ran on it: posts of the past
six months, negative posts in 2024, the negative share of travel posts and the share of animal photos, the year with
the most negative posts and the top 3 topics, a sad caption over a happy photo and a positive caption over a negative
photo, photos without people and posts without @mentions, negative space captions, hashtags used twice and hashtags
in 3 posts, the accounts mentioned, yes/no on a negative Rome post and a negative birthday caption, follow-ups that
narrow beach posts to negative captions, cat photos to a count per year and Valentine's posts to negative photos,
and a "most liked" question the graph cannot answer.
families_twentyeighth.jsonl (TWENTYEIGHTH, suite "twentyeighth") holds 20 families (fixture 7, demo 6, mvsa 7)
from a twenty-eighth blind round, written the same way and committed before anything ran on it, to measure the final
head of the session that ran the twenty-seventh: positive posts of the past 6 months, posts of the last 12 months, a
negative caption over a positive photo and a positive caption over a negative photo, 2021 posts without a hashtag and
posts without @mentions, the tags of negative posts, the top 2 topics of negative posts and topics with more than 8
posts, the positive share of space posts and the English share, the most negative year, the accounts mentioned,
animal photos, yes/no on Tom since 2023 and on an elephant photo, follow-ups that narrow travel posts to negative ones,
the top person to years and cat photos to negative ones, and a "likes" question the graph cannot answer.
families_twentyninth.jsonl (TWENTYNINTH, suite "twentyninth") holds 20 families (fixture 7, demo 6, mvsa 7) from a
twenty-ninth blind round, written the same way (the author saw only the README and the graphs) while the session that
read the twenty-eighth round's misses worked, and committed before anything ran on it: the top 3 photo tags and the
top 3 kinds of tag, dog photos not at the beach and cat photos without hashtags, a neutral caption over a positive
photo and a positive caption over a negative photo, the negative share of travel posts and the share of animal
photos, a yes/no on negative work posts in 2022 and one on negative art posts, the last 3 months and the past 12
months, cat photos, the places mentioned, hashtags in 3+ posts, retweets, follow-ups that switch Max to Sarah, count
space posts per year and size the top negative topic, and a "most likes" question the graph cannot answer.
families_thirtieth.jsonl (THIRTIETH, suite "thirtieth") holds 20 families (fixture 7, demo 6, mvsa 7) from a thirtieth
blind round, written the same way (the author saw only the README and the graphs) while the session that read the
twenty-ninth round's misses worked, and committed before anything ran on it: the posts mentioning Max and those with
Tom, the negative share of travel posts and the share tagging accounts, the top 3 photo subjects and the top 3 topics by
negative share, city photos not about travel and animal photos that are neither cats nor dogs, opposite caption and
photo moods, a happy photo over a flat caption on coffee posts and positive captions vs positive photos, people photos
and cat photos per year, years with 3+ negative posts and tags in more than 4 photos, dog photos counted, fire-truck
photos listed, follow-ups that narrow food posts to 2022 and art posts to negative ones, and a "most liked post"
question the graph cannot answer.
families_thirtyfirst.jsonl (THIRTYFIRST, suite "thirtyfirst") holds 20 families (fixture 7, demo 6, mvsa 7) from a
thirty-first blind round, written the same way while the session that read the thirtieth round's misses worked, and
committed before anything ran on it: positive posts of the last 12 months, a sad caption over a happy photo, a happy
caption over a negative photo, and caption and photo in the same mood, the person mentioned most, 2021 posts without
hashtags, Berlin posts not positive, topics with 4+ posts and hashtags used 3 times, a yes/no on music in 2023, the
share of cat photos and of animal photos, the quietest season, book photos counted and dog photos listed, the top 3
topics by negative share, follow-ups that switch Anna to Sarah and narrow space and art posts to negative ones, and a
"most commented post" question the graph cannot answer.
families_thirtysecond.jsonl (THIRTYSECOND, suite "thirtysecond") holds 20 families (fixture 7, demo 6, mvsa 7) from a
thirty-second blind round, written the same way while the next session worked, and committed before anything ran on
it: posts of the last 12 months and of the past 2 years, caption and photo agreeing and each way against the other,
Max posts not positive and animal photos not positive, the topic most negative, the share of posts with a hashtag,
a yes/no on a cat photo in 2022, cat photos counted, years with more than 6 posts and hashtags in 3 posts, the people
named, posts naming Jim counted, the top 2 photo tags, follow-ups that narrow 2022 posts and Berlin posts and take
the negative share of quiz posts, and a "most likes" question the graph cannot answer.
families_thirtythird.jsonl (THIRTYTHIRD, suite "thirtythird") holds 20 families (fixture 7, demo 6, mvsa 7) from a
thirty-third blind round, written the same way while the thirty-second round's misses were read, and committed
before anything ran on it: dog photos narrowed to 2022 and coffee photos to negative captions (follow-ups), a
negative caption over a positive photo and a positive caption over a negative photo (listed and counted), the top 3
topics, the most mentioned place, the topic with the most negative captions, the months of 2021 without posts, the
negative share of 2021 and the share in English, summer 2022 and the last 12 months, people in 2+ posts and
hashtags in 3+, vehicle photos without a negative caption, dog photos listed, yes/noes on Tokyo in 2023 and a
negative birthday caption, and a "most liked post" question the graph cannot answer.
families_thirtyfourth.jsonl (THIRTYFOURTH, suite "thirtyfourth") holds 20 families (fixture 7, demo 6, mvsa 7) from a
thirty-fourth blind round, written the same way while the thirty-third round's misses were read, and committed
before anything ran on it: summer 2022 and the last 12 months, a sad caption over a happy photo and the share of
negative captions over positive photos, topics with more than 4 posts and hashtags in 3 posts, follow-ups that narrow
2022 posts to travel, cat photos to those since 2022 and art posts to negative ones, yes/noes on Rome in 2021 and a
negative dog photo, the share of photos with people and of Berlin posts, people photos without a hashtag, posts
without a caption, the top hashtag, the accounts tagged, the top 2 topics by negative captions, vehicle photos
counted, and a "most liked post" question the graph cannot answer.
families_thirtyfifth.jsonl (THIRTYFIFTH, suite "thirtyfifth") holds 20 families (fixture 7, demo 6, mvsa 7) from a
thirty-fifth blind round, written the same way at the start of session 30 and committed before anything ran on it:
people photos in 2022, the people named most, dog photos not at the beach, sad captions over happy photos, the
busiest month of 2022 and the quietest year, follow-ups that narrow bike photos to 2021, space posts to negative
photos and birthday posts to negative photos, a yes/no on Sarah in 2023, the share of cat photos and of clothing
photos, hashtags used twice and topics with more than 8 posts, coffee against cat photos, the five biggest topics,
posts whose caption and photo are both negative, animal photos without a negative caption, book photos listed, and a
"most liked post" question the graph cannot answer.
families_thirtysixth.jsonl (THIRTYSIXTH, suite "thirtysixth") holds 20 families (fixture 7, demo 6, mvsa 7) from a
thirty-sixth blind round, written the same way while the thirty-fifth round's misses were read, and committed before
anything ran on it: follow-ups that narrow the most mentioned person's posts to beach photos, space posts to negative
ones and animal photos to negative posts, yes/noes on a positive majority and a negative birthday post, the first
half of 2022 and posts per year, a grumpy caption over a cheerful photo (listed and counted), photos without people
and cat photos without a hashtag, travel against beach, the average score of 2021, topics ranked by size and the
five biggest, hashtags used twice or more and topics with five negative posts, the share of positive photos,
retweets counted, and a "most liked" question the graph cannot answer.
families_thirtyseventh.jsonl (THIRTYSEVENTH, suite "thirtyseventh") holds 20 families (fixture 7, demo 6, mvsa 7)
from a thirty-seventh blind round, written the same way while the thirty-sixth round's misses were read, and
committed before anything ran on it: the busiest month of 2022, photos without people, a gloomy caption over a bright
photo and an upbeat caption over a gloomy photo, follow-ups that narrow beach posts to 2022, Tom's posts to 2022 and
art posts to negative ones, a yes/no on a negative music post, the average scores of 2023 and of valentines posts,
years ranked by negative posts and the top 3 topics, #berlin counted, the share of space posts and of animal photos,
years with more than six posts and hashtags in 3+ posts, posts without hashtags, coffee against cat photos, and a
"most liked" question the graph cannot answer.
families_thirtyeighth.jsonl (THIRTYEIGHTH, suite "thirtyeighth") holds 20 families (fixture 7, demo 6, mvsa 7) from a
thirty-eighth blind round, written at the start of session 31 by a helper asked to avoid the themes earlier rounds
covered most, and committed before anything ran on it: two years compared, a span of months across a new year, the
months of 2022 with no post, a yes/no on a Christmas Day post, a person named in the caption but not in the photo,
follow-ups that narrow food posts to photos with people, cat photos to their hashtags and animal photos to their
topics, organisations and nationalities mentioned, the year with the most space posts, hashtags used with #berlin,
the first post naming Tokyo, the share of posts with a caption, coffee photos outside the cafe topic, posts scoring
below -0.5, the top 3 topics by average score, posts with no topic, the number of distinct hashtags, and a camera
model question the graph cannot answer.
families_thirtyninth.jsonl (THIRTYNINTH, suite "thirtyninth") holds 20 families (fixture 7, demo 6, mvsa 7) from a
thirty-ninth blind round, written in session 31 while the thirty-eighth round's misses were read, by a helper asked
to avoid the themes of the earlier rounds (the thirty-eighth's included); its author reported only that the file was
valid, so nothing of it was read before it was registered and measured.
families_fortieth.jsonl (FORTIETH, suite "fortieth") holds 20 families (fixture 7, demo 6, mvsa 7) from a fortieth
blind round, written in session 31 while the thirty-ninth round's misses were read, by a helper asked for a
realistic mix of everyday questions (at least three follow-ups) that avoids the recent rounds' themes; it too
reported only that the file was valid.
families_fortyfirst.jsonl (FORTYFIRST, suite "fortyfirst") holds 20 families (fixture 7, demo 6, mvsa 7) from a
forty-first blind round, written at the end of session 31 after the fortieth round's fixes, by a helper asked for the
everyday questions a new user asks in their first week; it reported only that the file was valid.
families_fortysecond.jsonl (FORTYSECOND, suite "fortysecond") holds 20 families (fixture 7, demo 6, mvsa 7) from a
forty-second blind round, written in session 32 by a helper asked for the everyday questions of a person coming back
to their album to remember, compare and find things, avoiding the recent rounds' themes; it reported only that the
file was valid.
families_fortythird.jsonl (FORTYTHIRD, suite "fortythird") holds 20 families (fixture 7, demo 6, mvsa 7) from a
forty-third blind round, written in session 32 by a helper asked for the questions of a person putting together a year
in review of their account, avoiding the recent rounds' themes; it reported only that the file was valid.
families_fortyfourth.jsonl (FORTYFOURTH, suite "fortyfourth") holds 20 families (fixture 7, demo 6, mvsa 7) from a
forty-fourth blind round, written in session 32 by a helper asked for questions centred on what the photos show,
avoiding the recent rounds' themes; it reported only that the file was valid.
families_fortyfifth.jsonl (FORTYFIFTH, suite "fortyfifth") holds 20 families (fixture 7, demo 6, mvsa 7) from a
forty-fifth blind round, written in session 32 by a helper asked for questions about the people, places,
organisations, hashtags and accounts in the posts, avoiding the recent rounds' themes; it reported only that the file
was valid.
families_fortysixth.jsonl (FORTYSIXTH, suite "fortysixth") holds 20 families (fixture 7, demo 6, mvsa 7) from a
forty-sixth blind round, written at the end of session 32 by a helper asked for a varied everyday mix of a month of
use, avoiding the recent rounds' themes; it reported only that the file was valid.
families_fortyseventh.jsonl (FORTYSEVENTH, suite "fortyseventh") holds 20 families (fixture 7, demo 6, mvsa 7) from a
forty-seventh blind round, written at the start of session 33 by a helper asked for questions about mood and feeling
(how posts, captions and photos feel, over time, by topic, place, person or what the photos show), avoiding the
recent rounds' themes; it reported only that the file was valid.
families_fortyeighth.jsonl (FORTYEIGHTH, suite "fortyeighth") holds 20 families (fixture 7, demo 6, mvsa 7) from a
forty-eighth blind round, written in session 33 while the forty-seventh round's misses were read, by a helper asked
for questions that combine two or three conditions (a topic or photo subject, a time, a mood, a name, a negation, a
threshold or ranking on top), avoiding the recent rounds' themes; it reported only that the file was valid.
families_fortyninth.jsonl (FORTYNINTH, suite "fortyninth") holds 20 families (fixture 7, demo 6, mvsa 7) from a
forty-ninth blind round, written in session 33 while the forty-eighth round's misses were read, by a helper asked for
the questions of a person curating their feed (what to pin, archive, repost or tidy up), avoiding the recent rounds'
themes; it reported only that the file was valid.
families_fiftieth.jsonl (FIFTIETH, suite "fiftieth") holds 20 families (fixture 7, demo 6, mvsa 7) from a fiftieth
blind round, written in session 34 before any of its work was read, by a helper asked for questions on posting habits
and rhythm (when and how often: busiest and quietest periods, weekends, seasons, gaps, first and last times), avoiding
the recent rounds' themes; it reported only that the file was valid.
families_fiftyfirst.jsonl (FIFTYFIRST, suite "fiftyfirst") holds 20 families (fixture 7, demo 6, mvsa 7) from a
fifty-first blind round, written in session 34 while the fiftieth round's misses were read, by a helper asked for the
questions of a data-curious person who wants numbers (shares, averages, ratios, breakdowns, top-N with counts),
avoiding the recent rounds' themes; it reported only that the file was valid.
families_fiftysecond.jsonl (FIFTYSECOND, suite "fiftysecond") holds 20 families (fixture 7, demo 6, mvsa 7) from a
fifty-second blind round, written in session 34 after the fifty-first round's fixes, by a helper asked for an everyday
mix (the questions of a new user's first week, across everything the graph holds); it reported only that the file was
valid.
families_fiftythird.jsonl (FIFTYTHIRD, suite "fiftythird") holds 20 families (fixture 7, demo 6, mvsa 7) from a
fifty-third blind round, written in session 35 before any of its work was read, by a helper asked for an everyday
mix of a long-time user coming back after a month away (counts, shares, rankings, thresholds, time, negation, caption
vs photo, comparisons, follow-ups), avoiding the recent rounds' themes; it reported only that the file was valid.
families_fiftyfourth.jsonl (FIFTYFOURTH, suite "fiftyfourth") holds 20 families (fixture 7, demo 6, mvsa 7) from a
fifty-fourth blind round, written in session 35 while the fifty-third round's misses were read, by a helper asked for
conversations (at least nine follow-up families of two or three turns that narrow, pivot, switch a value, negate or
rank the answer before), avoiding the recent rounds' themes; it reported only that the file was valid.
families_fiftyfifth.jsonl (FIFTYFIFTH, suite "fiftyfifth") holds 20 families (fixture 7, demo 6, mvsa 7) from a
fifty-fifth blind round, written in session 35 while the fifty-fourth round's misses were read, by a helper asked for
a person talking through their album (at least ten follow-up families that narrow, change the measure, switch a value,
ask about a group within the posts listed, rank what was listed or ask for the rest); it reported only that the file
was valid.
families_fiftysixth.jsonl (FIFTYSIXTH, suite "fiftysixth") holds 20 families (fixture 7, demo 6, mvsa 7) from a
fifty-sixth blind round, written at the start of session 36 before any of its work was read, by a helper asked for a
careful, sceptical person checking whether the answers can be trusted (a follow-up that checks an answer from another
side, yes/no checks, the same thing asked by its topic, photo tag and named entity, one thing the graph cannot know);
it reported only that the file was valid.
families_fiftyseventh.jsonl (FIFTYSEVENTH, suite "fiftyseventh") holds 20 families (fixture 7, demo 6, mvsa 7) from
a fifty-seventh blind round, written in session 36 while the fifty-sixth round's misses were read, by a helper asked
for a person hunting for particular posts they half-remember (the oldest or newest with something, the happiest or
gloomiest about a topic, then follow-ups that narrow down to it); it reported only that the file was valid.
families_fiftyeighth.jsonl (FIFTYEIGHTH, suite "fiftyeighth") holds 20 families (fixture 7, demo 6, mvsa 7) from
a fifty-eighth blind round, written in session 36 while the fifty-seventh round's misses were read (into a folder
outside the repository, so no test read it before it was registered), by a helper asked for a person planning a
printed photo book (enough photos of each thing or year, the happiest per topic or year, follow-ups that refine a
selection); it reported only that the file was valid.
families_fiftyninth.jsonl (FIFTYNINTH, suite "fiftyninth") holds 20 families (fixture 7, demo 6, mvsa 7) from a
fifty-ninth blind round, written in session 37 (into a folder outside the repository), by a helper asked for a
person whose first language is not English, typing short messages on a phone (missing articles, slips of tense,
word order and number, literal translations; the plain phrasing stays standard English); it reported only that the
file was valid.
families_sixtieth.jsonl (SIXTIETH, suite "sixtieth") holds 20 families (fixture 7, demo 6, mvsa 7) from a sixtieth
blind round, written in session 37 (into a folder outside the repository), by a helper asked for a person talking to
the app by voice (dictated text: little punctuation, run-on sentences, spoken filler, self-corrections, numbers as
words, speech-recognition slips; the plain phrasing stays a typed question); it reported only that the file was
valid.
families_sixtyfirst.jsonl (SIXTYFIRST, suite "sixtyfirst") holds 20 families (fixture 7, demo 6, mvsa 7) from a
sixty-first blind round, written in session 37 (into a folder outside the repository), by a helper asked for the
people, pets and places in a person's life by name (who is mentioned most, a name's posts, first and last
appearances, two names compared, names with a mood, a year or what the photo shows, follow-ups that move between
names); it reported only that the file was valid.

A phrasing goes to the dev or held-out half by a hash of its text, so the split is deterministic and every
family usually has members in both halves; rules are tuned on dev only.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

FAMILIES = Path(__file__).with_name("families.jsonl")
GRAPH_FILES = {"fixture": FAMILIES, "demo": FAMILIES.with_name("families_demo.jsonl"),
               "mvsa": FAMILIES.with_name("families_mvsa.jsonl")}
CASUAL = FAMILIES.with_name("families_casual.jsonl")
STRANGER = FAMILIES.with_name("families_stranger.jsonl")
THIRD = FAMILIES.with_name("families_third.jsonl")
FOURTH = FAMILIES.with_name("families_fourth.jsonl")
FIFTH = FAMILIES.with_name("families_fifth.jsonl")
SIXTH = FAMILIES.with_name("families_sixth.jsonl")
SEVENTH = FAMILIES.with_name("families_seventh.jsonl")
EIGHTH = FAMILIES.with_name("families_eighth.jsonl")
NINTH = FAMILIES.with_name("families_ninth.jsonl")
TENTH = FAMILIES.with_name("families_tenth.jsonl")
ELEVENTH = FAMILIES.with_name("families_eleventh.jsonl")
TWELFTH = FAMILIES.with_name("families_twelfth.jsonl")
THIRTEENTH = FAMILIES.with_name("families_thirteenth.jsonl")
FOURTEENTH = FAMILIES.with_name("families_fourteenth.jsonl")
FIFTEENTH = FAMILIES.with_name("families_fifteenth.jsonl")
SIXTEENTH = FAMILIES.with_name("families_sixteenth.jsonl")
SEVENTEENTH = FAMILIES.with_name("families_seventeenth.jsonl")
EIGHTEENTH = FAMILIES.with_name("families_eighteenth.jsonl")
NINETEENTH = FAMILIES.with_name("families_nineteenth.jsonl")
TWENTIETH = FAMILIES.with_name("families_twentieth.jsonl")
TWENTYFIRST = FAMILIES.with_name("families_twentyfirst.jsonl")
TWENTYSECOND = FAMILIES.with_name("families_twentysecond.jsonl")
TWENTYTHIRD = FAMILIES.with_name("families_twentythird.jsonl")
TWENTYFOURTH = FAMILIES.with_name("families_twentyfourth.jsonl")
TWENTYFIFTH = FAMILIES.with_name("families_twentyfifth.jsonl")
TWENTYSIXTH = FAMILIES.with_name("families_twentysixth.jsonl")
TWENTYSEVENTH = FAMILIES.with_name("families_twentyseventh.jsonl")
TWENTYEIGHTH = FAMILIES.with_name("families_twentyeighth.jsonl")
TWENTYNINTH = FAMILIES.with_name("families_twentyninth.jsonl")
THIRTIETH = FAMILIES.with_name("families_thirtieth.jsonl")
THIRTYFIRST = FAMILIES.with_name("families_thirtyfirst.jsonl")
THIRTYSECOND = FAMILIES.with_name("families_thirtysecond.jsonl")
THIRTYTHIRD = FAMILIES.with_name("families_thirtythird.jsonl")
THIRTYFOURTH = FAMILIES.with_name("families_thirtyfourth.jsonl")
THIRTYFIFTH = FAMILIES.with_name("families_thirtyfifth.jsonl")
THIRTYSIXTH = FAMILIES.with_name("families_thirtysixth.jsonl")
THIRTYSEVENTH = FAMILIES.with_name("families_thirtyseventh.jsonl")
THIRTYEIGHTH = FAMILIES.with_name("families_thirtyeighth.jsonl")
THIRTYNINTH = FAMILIES.with_name("families_thirtyninth.jsonl")
FORTIETH = FAMILIES.with_name("families_fortieth.jsonl")
FORTYFIRST = FAMILIES.with_name("families_fortyfirst.jsonl")
FORTYSECOND = FAMILIES.with_name("families_fortysecond.jsonl")
FORTYTHIRD = FAMILIES.with_name("families_fortythird.jsonl")
FORTYFOURTH = FAMILIES.with_name("families_fortyfourth.jsonl")
FORTYFIFTH = FAMILIES.with_name("families_fortyfifth.jsonl")
FORTYSIXTH = FAMILIES.with_name("families_fortysixth.jsonl")
FORTYSEVENTH = FAMILIES.with_name("families_fortyseventh.jsonl")
FORTYEIGHTH = FAMILIES.with_name("families_fortyeighth.jsonl")
FORTYNINTH = FAMILIES.with_name("families_fortyninth.jsonl")
FIFTIETH = FAMILIES.with_name("families_fiftieth.jsonl")
FIFTYFIRST = FAMILIES.with_name("families_fiftyfirst.jsonl")
FIFTYSECOND = FAMILIES.with_name("families_fiftysecond.jsonl")
FIFTYTHIRD = FAMILIES.with_name("families_fiftythird.jsonl")
FIFTYFOURTH = FAMILIES.with_name("families_fiftyfourth.jsonl")
FIFTYFIFTH = FAMILIES.with_name("families_fiftyfifth.jsonl")
FIFTYSIXTH = FAMILIES.with_name("families_fiftysixth.jsonl")
FIFTYSEVENTH = FAMILIES.with_name("families_fiftyseventh.jsonl")
FIFTYEIGHTH = FAMILIES.with_name("families_fiftyeighth.jsonl")
FIFTYNINTH = FAMILIES.with_name("families_fiftyninth.jsonl")
SIXTIETH = FAMILIES.with_name("families_sixtieth.jsonl")
SIXTYFIRST = FAMILIES.with_name("families_sixtyfirst.jsonl")
SUITES = ("original", "casual", "stranger", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
          "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
          "seventeenth", "eighteenth", "nineteenth", "twentieth", "twentyfirst", "twentysecond",
          "twentythird", "twentyfourth", "twentyfifth", "twentysixth", "twentyseventh", "twentyeighth",
          "twentyninth", "thirtieth", "thirtyfirst", "thirtysecond",
          "thirtythird", "thirtyfourth", "thirtyfifth", "thirtysixth",
          "thirtyseventh", "thirtyeighth", "thirtyninth", "fortieth",
          "fortyfirst", "fortysecond", "fortythird", "fortyfourth", "fortyfifth", "fortysixth",
          "fortyseventh", "fortyeighth", "fortyninth", "fiftieth", "fiftyfirst", "fiftysecond",
          "fiftythird", "fiftyfourth", "fiftyfifth", "fiftysixth",
          "fiftyseventh", "fiftyeighth", "fiftyninth", "sixtieth", "sixtyfirst")
ADDED_SUITES = {"casual": CASUAL, "stranger": STRANGER, "third": THIRD, "fourth": FOURTH, "fifth": FIFTH,
                "sixth": SIXTH, "seventh": SEVENTH, "eighth": EIGHTH, "ninth": NINTH, "tenth": TENTH,
                "eleventh": ELEVENTH, "twelfth": TWELFTH, "thirteenth": THIRTEENTH,
                "fourteenth": FOURTEENTH, "fifteenth": FIFTEENTH, "sixteenth": SIXTEENTH,
                "seventeenth": SEVENTEENTH, "eighteenth": EIGHTEENTH, "nineteenth": NINETEENTH,
                "twentieth": TWENTIETH, "twentyfirst": TWENTYFIRST,
                "twentysecond": TWENTYSECOND, "twentythird": TWENTYTHIRD,
                "twentyfourth": TWENTYFOURTH, "twentyfifth": TWENTYFIFTH, "twentysixth": TWENTYSIXTH,
                "twentyseventh": TWENTYSEVENTH, "twentyeighth": TWENTYEIGHTH,
                "twentyninth": TWENTYNINTH, "thirtieth": THIRTIETH, "thirtyfirst": THIRTYFIRST,
                "thirtysecond": THIRTYSECOND, "thirtythird": THIRTYTHIRD,
                "thirtyfourth": THIRTYFOURTH, "thirtyfifth": THIRTYFIFTH,
                "thirtysixth": THIRTYSIXTH, "thirtyseventh": THIRTYSEVENTH, "thirtyeighth": THIRTYEIGHTH,
                "thirtyninth": THIRTYNINTH, "fortieth": FORTIETH,
                "fortyfirst": FORTYFIRST, "fortysecond": FORTYSECOND, "fortythird": FORTYTHIRD,
                "fortyfourth": FORTYFOURTH, "fortyfifth": FORTYFIFTH,
                "fortysixth": FORTYSIXTH, "fortyseventh": FORTYSEVENTH,
                "fortyeighth": FORTYEIGHTH, "fortyninth": FORTYNINTH, "fiftieth": FIFTIETH,
                "fiftyfirst": FIFTYFIRST,
                "fiftysecond": FIFTYSECOND, "fiftythird": FIFTYTHIRD, "fiftyfourth": FIFTYFOURTH,
                "fiftyfifth": FIFTYFIFTH, "fiftysixth": FIFTYSIXTH,
                "fiftyseventh": FIFTYSEVENTH, "fiftyeighth": FIFTYEIGHTH, "fiftyninth": FIFTYNINTH,
                "sixtieth": SIXTIETH, "sixtyfirst": SIXTYFIRST}
SPLITS = ("dev", "heldout")
NOT_IN_GRAPH = "not_in_graph"


def split_of(family: str, question: str | list[str]) -> str:
    """'dev' or 'heldout' for one phrasing (stable across runs and machines)."""
    key = f"{family}|{json.dumps(question, ensure_ascii=False)}".encode()
    return SPLITS[hashlib.sha1(key).digest()[0] % 2]


def family_items(path: Path = FAMILIES, split: str | None = None) -> list[dict[str, Any]]:
    """Evaluation items (the evaluate.py line format) for one split, or all; a follow-up of two (or more) turns
    becomes one item per turn, the earlier ones scored against the family's gold only through the last."""
    items: list[dict[str, Any]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        family = json.loads(line)
        for n, question in enumerate(family["questions"]):
            part = split_of(family["family"], question)
            if split and part != split:
                continue
            base = {"category": family["family"].split("/")[0], "family": family["family"], "split": part,
                    "ordered": family.get("ordered", False), "cypher": family.get("cypher", ""),
                    "graph": family.get("graph", "fixture")}
            if family.get("expect"):
                base["expect"] = family["expect"]
            item_id = f"{family['family']}#{n}"
            if isinstance(question, list):  # turns of one chat: every turn but the last is context
                ids = [item_id + "abcdefgh"[i] for i in range(len(question) - 1)] + [item_id]
                for i, turn in enumerate(question):
                    turn_item = {**base, "id": ids[i], "question": turn}
                    if i:
                        turn_item["follow_up_of"] = ids[i - 1]
                    if i < len(question) - 1:
                        turn_item["context_only"] = True
                    items.append(turn_item)
            else:
                items.append({**base, "id": item_id, "question": question})
    return items


def suite_items(graphs: tuple[str, ...] = tuple(GRAPH_FILES), split: str | None = None,
                suites: tuple[str, ...] = SUITES) -> list[dict[str, Any]]:
    """The items of `graphs` (fixture, demo, mvsa), graph by graph in that order: the graph's own families file
    (suite "original"), then its families in the casual, stranger, third, fourth, fifth, sixth and seventh files
    (suites "casual", "stranger", "third", "fourth", "fifth", "sixth", "seventh")."""
    added = [family_items(path, split) for name, path in ADDED_SUITES.items() if name in suites]
    items: list[dict[str, Any]] = []
    for graph in graphs:
        if "original" in suites:
            items.extend(family_items(GRAPH_FILES[graph], split))
        for suite in added:
            items.extend(item for item in suite if item["graph"] == graph)
    return items
