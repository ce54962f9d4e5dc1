"""The demo collection's posts: which bundled photo, how it is varied, and the caption a person might have written.

Captions are written to exercise the whole pipeline: hashtags, @mentions, places (Paris, Tokyo, Berlin, ...),
people's names, emoji, positive/neutral/negative moods, one German and one French post, posts without a caption,
and dates spread over 2019-2024. Photos are scikit-image's bundled sample photographs (public domain or CC0).
"""
from __future__ import annotations

from dataclasses import dataclass

Crop = tuple[float, float, float, float]  # left, top, right, bottom as fractions of width/height


@dataclass(frozen=True)
class DemoPost:
    """One demo post. date_in_sidecar=False leaves the date to EXIF, so the importer's EXIF path is exercised."""

    name: str
    photo: str
    taken: str  # ISO date with offset; also written as EXIF DateTimeOriginal
    caption: str | None = None
    date_in_sidecar: bool = True
    place: str | None = None
    crop: Crop | None = None
    flip: bool = False
    gray: bool = False
    exif_rotated: bool = False  # stored sideways with an EXIF Orientation tag, as phones do
    png_alpha: bool = False  # saved as PNG with a transparent background


DEMO_POSTS: tuple[DemoPost, ...] = (
    DemoPost("2019/2019-03-14_paris-cafe", "coffee", "2019-03-14T09:12:00+01:00",
             "First flat white of spring at a tiny café in Le Marais ☕️ #Paris #coffee #slowmorning", place="Paris"),
    DemoPost("2019/2019-05-02_meet-chelsea", "chelsea", "2019-05-02T18:40:00+02:00",
             "Meet Chelsea, the new boss of the house 🐱 She has already claimed the sofa. "
             "#catsofinstagram #adoptdontshop"),
    DemoPost("2019/2019-07-20_apollo50", "astronaut", "2019-07-20T15:05:00-04:00",
             "50 years since Apollo 11 🚀🌕 Spent the afternoon at the Air and Space Museum with @lena.schmidt. "
             "Still gives me chills. #space #apollo50", place="Washington", crop=(0.15, 0.0, 0.85, 0.7)),
    DemoPost("2019/2019-07-21_moon", "moon", "2019-07-21T23:30:00+02:00",
             "Tried to photograph the moon with my phone. The result is... fine. #nofilter"),
    DemoPost("2019/2019-09-08_new-bike", "motorcycle_left", "2019-09-08T11:20:00+02:00",
             "Picked her up today! Road trip to the Baltic coast next weekend with Tom 🏍️ #motorcycle #Berlin",
             place="Berlin"),
    DemoPost("2019/2019-11-23_mauerpark", "coins", "2019-11-23T13:00:00+01:00",
             "Flea market finds at Mauerpark: a bag of old coins for 5 euros. No idea what they're worth. "
             "#Berlin #fleamarket", place="Berlin"),
    DemoPost("2020/2020-01-13_monday", "chelsea", "2020-01-13T07:45:00+01:00", "Monday mood. 😾",
             crop=(0.25, 0.05, 0.8, 0.75)),
    DemoPost("2020/2020-03-28_lockdown", "coffee", "2020-03-28T10:02:00+01:00",
             "Day 12 of lockdown. Coffee is the only thing keeping me sane. I miss my friends so much 😔 #stayhome",
             crop=(0.1, 0.2, 0.9, 0.8)),
    DemoPost("2020/2020-04-24_hubble30", "hubble_deep_field", "2020-04-24T21:10:00+02:00",
             "Hubble turns 30 today! 🔭✨ Thousands of galaxies in one tiny patch of sky. Makes my problems feel "
             "small. #hubble30 #astronomy", crop=(0.0, 0.0, 0.6, 0.6)),
    DemoPost("2020/2020-06-10_dads-camera", "camera", "2020-06-10T16:30:00+02:00",
             "Found Dad's old film camera in the attic 📷 Does anyone know where to get 120 film developed in "
             "Munich? @fotolabor_muenchen #filmisnotdead", place="Munich"),
    DemoPost("2020/2020-08-02_park", "grass", "2020-08-02T14:00:00+02:00",
             "Barefoot in Tiergarten. That's the post. 🌿", place="Berlin"),
    DemoPost("2020/2020-09-19_flat-tyre", "motorcycle_right", "2020-09-19T17:55:00+02:00",
             "Flat tyre 40 km from anywhere, in the rain, no signal. Worst Saturday of the year. 🙃 "
             "#motorcycle #fail", flip=True),
    DemoPost("2020/2020-12-24_weihnachten", "chelsea", "2020-12-24T19:00:00+01:00",
             "Frohe Weihnachten! Chelsea hat den Weihnachtsbaum schon zweimal umgeworfen 🎄🐈 "
             "#weihnachten #katze", place="Berlin", flip=True),
    DemoPost("2021/2021-02-18_perseverance", "astronaut", "2021-02-18T22:15:00+01:00",
             "Perseverance landed on Mars today 🔴 Rewatching old NASA footage all evening. #NASA #Mars"),
    DemoPost("2021/2021-04-03_moving-day", "brick", "2021-04-03T12:30:00+02:00",
             "New apartment, same old boxes everywhere 📦 Moving is exhausting and the landlord already hates us. "
             "#movingday"),
    DemoPost("2021/2021-05-30_cocoa-beach", "rocket", "2021-05-30T15:29:00-04:00",
             "Watched a launch from Cocoa Beach with @maria_g and Sam 🚀 The sound hits you a few seconds later. "
             "Unreal. #CapeCanaveral #Florida #launch", place="Cape Canaveral"),
    DemoPost("2021/2021-06-12_cold-brew", "coffee", "2021-06-12T09:40:00+02:00",
             "Cold brew experiment #3: too bitter, again. Giving up. ☕️👎", gray=True, crop=(0.2, 0.1, 0.8, 0.9)),
    DemoPost("2021/2021-08-22_IMG_4471", "moon", "2021-08-22T22:48:00+02:00", None, date_in_sidecar=False,
             crop=(0.2, 0.2, 0.8, 0.8)),
    DemoPost("2021/2021-10-31_where-did-october-go", "clock_motion", "2021-10-31T20:20:00+01:00",
             "Where did October go?? ⏰ #timeflies"),
    DemoPost("2021/2021-11-14_grunewald", "gravel", "2021-11-14T08:50:00+01:00",
             "Trail run in the Grunewald this morning, 12 km in the fog. Legs are dead, brain is happy. 🏃‍♀️ "
             "#running #Berlin", place="Berlin"),
    DemoPost("2022/2022-02-14_valentine", "chelsea", "2022-02-14T20:00:00+01:00",
             "My valentine ❤️🐱 #catsofinstagram", crop=(0.3, 0.0, 0.95, 0.7)),
    DemoPost("2022/2022-04-05_shibuya-kissaten", "coffee", "2022-04-05T10:30:00+09:00",
             "Pour-over at a kissaten in Shibuya ☕️ The owner has made coffee the same way since 1974. "
             "#Tokyo #Japan #coffee", place="Tokyo", crop=(0.0, 0.3, 0.7, 1.0)),
    DemoPost("2022/2022-05-21_stelvio", "motorcycle_left", "2022-05-21T13:15:00+02:00",
             "Stelvio Pass with Tom and @jonas.riding 🏔️🏍️ 48 hairpins, zero regrets. #Alps #Italy #roadtrip",
             place="Stelvio Pass", crop=(0.05, 0.1, 0.75, 0.95)),
    DemoPost("2022/2022-07-12_jwst", "hubble_deep_field", "2022-07-12T23:55:00+02:00",
             "The first JWST images dropped and I've been staring at galaxies for three hours 🤯🌌 #JWST #space"),
    DemoPost("2022/2022-09-01_profile-picture", "astronaut", "2022-09-01T12:00:00+02:00",
             "New profile picture, who dis? 👩‍🚀", png_alpha=True, crop=(0.2, 0.0, 0.8, 0.6)),
    DemoPost("2022/2022-11-16_artemis", "rocket", "2022-11-16T07:47:00+01:00",
             "Artemis I finally launched!! 🚀🌕 @nasa you made a lot of people very happy tonight. #Artemis",
             crop=(0.25, 0.0, 0.75, 1.0)),
    DemoPost("2023/2023-01-09_grandpas-coins", "coins", "2023-01-09T15:20:00+01:00",
             "Sorting through Grandpa's coin collection with Anna. Some of these are from 1873! 🪙 #history",
             crop=(0.0, 0.0, 0.6, 0.6)),
    DemoPost("2023/2023-03-18_montmartre", "coffee", "2023-03-18T08:55:00+01:00",
             "Back in Paris after four years. Same café, same table, different me. 🥐☕️ #Paris #Montmartre",
             place="Paris", flip=True),
    DemoPost("2023/2023-06-30_space-party", "astronaut", "2023-06-30T22:10:00+02:00",
             "Costume party theme was 'space'. Nailed it 👩‍🚀✨ Thanks @sophie.dubois for the helmet! #costume",
             exif_rotated=True),
    DemoPost("2023/2023-08-15_IMG_8812", "grass", "2023-08-15T17:05:00+02:00", None,
             crop=(0.3, 0.3, 0.9, 0.9)),
    DemoPost("2023/2023-10-07_museum-island", "camera", "2023-10-07T14:40:00+02:00",
             "Overpriced, overcrowded, and the photo exhibition was closed. Great day out. 🙄 #Berlin",
             place="Berlin", crop=(0.1, 0.0, 0.9, 0.8)),
    DemoPost("2024/2024-01-20_chelsea-turns-5", "chelsea", "2024-01-20T09:00:00+01:00",
             "Chelsea turns 5 today! 🎂🐱 Five years of stolen socks and 5am wake-up calls. Love you, tiny monster.",
             gray=True),
    DemoPost("2024/2024-04-08_eclipse", "hubble_deep_field", "2024-04-08T13:40:00-05:00",
             "Flew all the way to Texas for the total eclipse and clouds ruined everything ☁️☁️ So here's an old "
             "Hubble picture instead. #eclipse2024", place="Dallas", crop=(0.4, 0.4, 1.0, 1.0)),
    DemoPost("2024/2024-05-11_cafe-tokyo", "coffee", "2024-05-11T16:10:00+09:00",
             "Un café à Tokyo, mais je rêve de Paris. Le matcha latte était quand même délicieux 🍵 #Tokyo #voyage",
             place="Tokyo", crop=(0.15, 0.0, 0.85, 0.7)),
    DemoPost("2024/2024-06-06_starship", "rocket", "2024-06-06T14:50:00+02:00",
             "Starship flight 4 on the livestream with the whole office watching 🚀 #SpaceX", gray=True),
    DemoPost("2024/2024-09-14_sold-the-bike", "motorcycle_right", "2024-09-14T18:30:00+02:00",
             "Sold the bike today. End of an era. 🏍️💔 Thanks for five years of adventures."),
    DemoPost("2024/2024-10-17_supermoon", "moon", "2024-10-17T21:05:00+02:00",
             "Supermoon over the Spree tonight 🌕 #Berlin #supermoon", place="Berlin", flip=True),
)
