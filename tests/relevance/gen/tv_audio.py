"""TVs in their sizes, TV accessories (mounts, HDMI cables, streaming
players, soundbars), headphones and earbuds with their variants, and
speakers."""

TV = "TV & Home Theater"

# brand (as titled), series text, display, resolution, platform, sizes, $/inch, popularity
TVS = [
    ("Samsung", "CU7000 Crystal UHD 4K", "LED", "4K", "Smart Tizen TV", [43, 50, 55, 65, 75, 85], 7.5, 520),
    ("Samsung", "Q60C QLED 4K", "QLED", "4K", "Smart Tizen TV", [43, 55, 65, 75], 10, 380),
    ("Samsung", "Q80C QLED 4K", "QLED", "4K", "Smart Tizen TV", [55, 65, 75], 16, 250),
    ("Samsung", "QN90C Neo QLED 4K", "Mini-LED", "4K", "Smart Tizen TV", [55, 65, 75], 22, 200),
    ("Samsung", "S90C OLED 4K", "OLED", "4K", "Smart Tizen TV", [55, 65, 77], 24, 220),
    ("Samsung", "The Frame LS03C QLED 4K", "QLED", "4K", "Smart Tizen TV", [43, 55, 65, 75], 19, 260),
    ("LG", "UR9000 Series LED 4K UHD", "LED", "4K", "Smart webOS TV", [43, 50, 55, 65, 75], 7, 380),
    ("LG", "NANO75 Series NanoCell 4K UHD", "LED", "4K", "Smart webOS TV", [55, 65, 75], 9, 210),
    ("LG", "C3 Series OLED evo 4K UHD", "OLED", "4K", "Smart webOS TV", [42, 48, 55, 65, 77, 83], 26, 360),
    ("LG", "B3 Series OLED 4K UHD", "OLED", "4K", "Smart webOS TV", [55, 65, 77], 21, 200),
    ("LG", "G3 Series OLED evo 4K UHD", "OLED", "4K", "Smart webOS TV", [55, 65, 77], 38, 120),
    ("Sony", "BRAVIA X77L 4K HDR LED", "LED", "4K", "Google TV", [43, 50, 55, 65, 75], 9, 240),
    ("Sony", "BRAVIA XR X90L Full Array LED 4K HDR", "LED", "4K", "Google TV", [55, 65, 75, 85], 17, 200),
    ("Sony", "BRAVIA XR A80L OLED 4K HDR", "OLED", "4K", "Google TV", [55, 65, 77], 28, 160),
    ("TCL", "4-Series 4K UHD HDR", "LED", "4K", "Smart Google TV", [43, 50, 55, 65, 75], 5.5, 330),
    ("TCL", "Q5 Q-Class 4K QLED HDR", "QLED", "4K", "Smart Google TV", [50, 55, 65, 75], 7, 250),
    ("TCL", "Q7 Q-Class 4K QLED HDR Mini-LED", "Mini-LED", "4K", "Smart Google TV", [55, 65, 75], 12, 140),
    ("TCL", "3-Series 720p HD LED", "LED", "720p", "Roku Smart TV", [32, 40], 4.5, 260),
    ("VIZIO", "V-Series 4K UHD LED", "LED", "4K", "Smart TV", [43, 50, 55, 65, 75], 6, 300),
    ("VIZIO", "M-Series Quantum 4K QLED", "QLED", "4K", "Smart TV", [50, 55, 65, 75], 8, 180),
    ("VIZIO", "D-Series Full HD 1080p LED", "LED", "1080p", "Smart TV", [24, 32, 40], 5, 200),
    ("Insignia™", "F30 Series LED 4K UHD", "LED", "4K", "Smart Fire TV", [43, 50, 55, 65], 5, 290),
    ("Insignia™", "N10 Series LED HD", "LED", "720p", "TV", [24, 32], 4, 200),
    ("Hisense", "U8 Series Mini-LED QLED 4K UHD", "Mini-LED", "4K", "Google TV", [55, 65, 75], 13, 150),
    ("Hisense", "A6 Series 4K UHD", "LED", "4K", "Google TV", [43, 50, 58, 65, 75], 5.5, 200),
]

SIZE_POPULARITY = {24: 0.4, 32: 0.8, 40: 0.6, 42: 0.6, 43: 0.8, 48: 0.6, 50: 0.9, 55: 1.0, 58: 0.6,
                   65: 1.0, 75: 0.8, 77: 0.6, 83: 0.3, 85: 0.4}
TV_LEAF = [(32, "32-Inch & Smaller TVs"), (49, "40-49 Inch TVs"), (59, "50-59 Inch TVs"),
           (69, "60-69 Inch TVs"), (999, "70-Inch & Larger TVs")]


def add_tvs(catalog):
    for brand, series, display, resolution, platform, sizes, per_inch, pop in TVS:
        for size in sizes:
            title = f'{brand} - {size}" Class {series} {platform}'
            leaf = next(name for limit, name in TV_LEAF if size <= limit)
            res_words = {"4K": "4K Ultra HD (2160p)", "1080p": "Full HD (1080p)", "720p": "HD (720p)"}[resolution]
            catalog.add(
                title, f"{size}-inch class {display} TV with {res_words} resolution and {platform.removeprefix('Smart ')} "
                "built in. Stream your favorite apps and shows.",
                size * per_inch * (1 + max(0, size - 55) / 40), (TV, "TVs", leaf), brand.rstrip("™"),
                {"screen_size_in": size, "resolution": resolution, "display_type": display},
                popularity=pop * SIZE_POPULARITY[size], kind="tv", family=f"{brand.rstrip('™')} {series.split()[0]}",
                screen=size, resolution=resolution, display=display)


TV_ACCESSORIES = [
    ('Insignia™ - Fixed TV Wall Mount for Most 19" - 39" TVs - Black', "tv_mount", 29.99, 90),
    ('Insignia™ - Full-Motion TV Wall Mount for Most 40" - 70" TVs - Black', "tv_mount", 79.99, 150),
    ('Rocketfish™ - Tilting TV Wall Mount for Most 32" - 70" TVs - Black', "tv_mount", 59.99, 110),
    ('Sanus - Premium Full-Motion TV Wall Mount for Most 42" - 90" TVs - Black', "tv_mount", 249.99, 70),
    ('Sanus - Fixed-Position TV Wall Mount for Most 32" - 85" TVs - Black', "tv_mount", 99.99, 60),
    ("Samsung - Slim Fit Wall Mount for The Frame TVs - Black", "tv_mount", 99.99, 40),
    ("Insignia™ - 6' 4K Ultra High Speed HDMI Cable - Black", "hdmi_cable", 24.99, 170),
    ("Insignia™ - 12' 4K Ultra High Speed HDMI Cable - Black", "hdmi_cable", 34.99, 80),
    ("Insignia™ - 3' High Speed HDMI Cable - Black", "hdmi_cable", 14.99, 60),
    ("Rocketfish™ - 8' 8K Ultra High Speed HDMI 2.1 Cable - Black", "hdmi_cable", 39.99, 70),
    ("Belkin - 6.6' Ultra High Speed HDMI 2.1 Cable - Black", "hdmi_cable", 34.99, 40),
    ("Insignia™ - Universal TV Remote - Black", "remote", 14.99, 60),
    ("Roku - Express 4K+ Streaming Device with Voice Remote - Black", "streaming", 39.99, 260),
    ("Roku - Streaming Stick 4K with Voice Remote - Black", "streaming", 49.99, 240),
    ("Roku - Ultra 2022 4K Streaming Device with Voice Remote Pro - Black", "streaming", 99.99, 120),
    ("Amazon - Fire TV Stick 4K Max Streaming Media Player with Alexa Voice Remote - Black", "streaming", 59.99, 280),
    ("Amazon - Fire TV Stick Lite with Alexa Voice Remote Lite - Black", "streaming", 29.99, 200),
    ("Apple - TV 4K (3rd generation) 64GB Wi-Fi - Black", "streaming", 129.0, 210),
    ("Apple - TV 4K (3rd generation) 128GB Wi-Fi + Ethernet - Black", "streaming", 149.0, 110),
    ("Google - Chromecast with Google TV (4K) - Snow", "streaming", 49.99, 190),
    ("Google - Chromecast with Google TV (HD) - Snow", "streaming", 29.99, 120),
    ("Samsung - HW-B550 2.1-Channel Soundbar with Wireless Subwoofer - Black", "soundbar", 199.99, 170),
    ("Samsung - HW-Q990C 11.1.4-Channel Soundbar with Dolby Atmos - Black", "soundbar", 1399.99, 80),
    ("Sonos - Beam (Gen 2) Soundbar with Dolby Atmos - Black", "soundbar", 499.0, 190),
    ("Sonos - Beam (Gen 2) Soundbar with Dolby Atmos - White", "soundbar", 499.0, 100),
    ("Sonos - Arc Soundbar with Dolby Atmos - Black", "soundbar", 899.0, 130),
    ("Sonos - Ray Soundbar - Black", "soundbar", 279.0, 120),
    ("Bose - Smart Soundbar 600 with Dolby Atmos - Black", "soundbar", 499.0, 110),
    ("Bose - TV Speaker Bluetooth Soundbar - Black", "soundbar", 279.0, 150),
    ("VIZIO - 2.1-Channel V-Series Soundbar with Wireless Subwoofer - Black", "soundbar", 179.99, 130),
    ("LG - S75Q 3.1.2-Channel Soundbar with Dolby Atmos - Black", "soundbar", 399.99, 70),
    ("JBL - Bar 5.0 MultiBeam Soundbar - Black", "soundbar", 399.99, 60),
    ("Insignia™ - 2.0-Channel Soundbar with Bluetooth - Black", "soundbar", 79.99, 90),
    ("Sony - HT-S400 2.1-Channel Soundbar with Wireless Subwoofer - Black", "soundbar", 279.99, 80),
    ("Sonos - Sub Mini Wireless Subwoofer - Black", "subwoofer", 429.0, 50),
    ("Klipsch - Reference R-100SW 10\" 300W Powered Subwoofer - Black", "subwoofer", 299.99, 40),
    ("Yamaha - RX-V4A 5.2-Channel 8K AV Receiver - Black", "receiver", 499.99, 40),
]
TV_ACC_LEAF = {"tv_mount": "TV Wall Mounts", "hdmi_cable": "HDMI Cables & Remotes", "remote": "HDMI Cables & Remotes",
               "streaming": "Streaming Media Players", "soundbar": "Sound Bars", "subwoofer": "Home Theater Audio",
               "receiver": "Home Theater Audio"}


def add_tv_accessories(catalog):
    for title, kind, price, pop in TV_ACCESSORIES:
        about = {"tv_mount": "Holds your TV securely on the wall.",
                 "hdmi_cable": "Connects your TV, game console or streaming device.",
                 "streaming": "Streams movies and shows to your TV.",
                 "soundbar": "Bigger TV sound for your living room."}.get(kind, "")
        middle = "TV & Home Theater Accessories" if kind in ("tv_mount", "hdmi_cable", "remote") else "Home Theater & Streaming"
        catalog.simple(title, kind, price, pop, (TV, middle, TV_ACC_LEAF[kind]), about=about,
                       compat=["The Frame"] if "The Frame" in title else ["any tv"])


# brand, model, form, wireless, noise cancelling, colours, price, popularity
HEADPHONES = [
    ("Bose", "QuietComfort Ultra", "over-ear", True, True, ["Black", "White Smoke", "Sandstone"], 429, 430),
    ("Bose", "QuietComfort 45", "over-ear", True, True, ["Black", "White Smoke"], 329, 360),
    ("Bose", "QuietComfort", "over-ear", True, True, ["Black", "White Smoke", "Cypress Green"], 349, 300),
    ("Bose", "QuietComfort Ultra Earbuds", "true wireless", True, True, ["Black", "White Smoke"], 299, 380),
    ("Bose", "QuietComfort Earbuds II", "true wireless", True, True, ["Triple Black", "Soapstone"], 279, 260),
    ("Bose", "Sport Earbuds", "true wireless", True, False, ["Triple Black", "Baltic Blue"], 179, 120),
    ("Sony", "WH-1000XM5", "over-ear", True, True, ["Black", "Silver", "Midnight Blue"], 399, 470),
    ("Sony", "WH-1000XM4", "over-ear", True, True, ["Black", "Silver", "Midnight Blue"], 349, 420),
    ("Sony", "WF-1000XM5", "true wireless", True, True, ["Black", "Silver"], 299, 330),
    ("Sony", "WF-1000XM4", "true wireless", True, True, ["Black", "Silver"], 279, 240),
    ("Sony", "WH-CH720N", "over-ear", True, True, ["Black", "White", "Blue"], 149, 250),
    ("Sony", "WH-CH520", "on-ear", True, False, ["Black", "Blue"], 59, 230),
    ("Sony", "WF-C700N", "true wireless", True, True, ["Black", "Lavender"], 119, 180),
    ("Sony", "MDR-ZX110", "on-ear", False, False, ["Black", "White"], 19, 160),
    ("Beats", "Studio Pro", "over-ear", True, True, ["Black", "Deep Brown", "Sandstone", "Navy"], 349, 360),
    ("Beats", "Solo 4", "on-ear", True, False, ["Matte Black", "Cloud Pink", "Slate Blue"], 199, 300),
    ("Beats", "Fit Pro", "true wireless", True, True, ["Black", "White", "Stone Purple"], 199, 300),
    ("Beats", "Studio Buds +", "true wireless", True, True, ["Black/Gold", "Ivory", "Transparent"], 169, 280),
    ("Beats", "Powerbeats Pro", "true wireless", True, False, ["Black", "Navy", "Ivory"], 249, 260),
    ("Beats", "Flex", "in-ear", True, False, ["Beats Black", "Yuzu Yellow"], 69, 180),
    ("JBL", "Tune 510BT", "on-ear", True, False, ["Black", "Blue", "White"], 49, 280),
    ("JBL", "Tune 760NC", "over-ear", True, True, ["Black", "Blue", "White"], 129, 190),
    ("JBL", "Live 660NC", "over-ear", True, True, ["Black", "Blue"], 199, 120),
    ("JBL", "Tune Buds", "true wireless", True, True, ["Black", "White", "Blue"], 99, 180),
    ("JBL", "Vibe Beam", "true wireless", True, False, ["Black", "Beige"], 49, 170),
    ("JBL", "Endurance Peak 3", "true wireless", True, False, ["Black"], 99, 90),
    ("Samsung", "Galaxy Buds2 Pro", "true wireless", True, True, ["Graphite", "Bora Purple", "White"], 229, 260),
    ("Samsung", "Galaxy Buds FE", "true wireless", True, True, ["Graphite", "White"], 99, 200),
    ("Sennheiser", "MOMENTUM 4 Wireless", "over-ear", True, True, ["Black", "White"], 379, 110),
    ("Skullcandy", "Crusher Evo", "over-ear", True, False, ["True Black"], 199, 90),
    ("Skullcandy", "Dime 3", "true wireless", True, False, ["True Black"], 29, 80),
    ("Apple", "EarPods with Lightning Connector", "in-ear", False, False, ["White"], 19, 260),
]

AIRPODS = [
    ("AirPods (2nd generation)", "Apple - AirPods (2nd generation) with Charging Case - White", 129, 800, False),
    ("AirPods (3rd generation)", "Apple - AirPods (3rd generation) with Lightning Charging Case - White", 169, 600, False),
    ("AirPods Pro (2nd generation)", "Apple - AirPods Pro (2nd generation) with MagSafe Case (USB-C) - White", 249, 950, True),
    ("AirPods Pro (1st generation)", "Apple - AirPods Pro (1st generation) with MagSafe Charging Case - White", 199, 300, True),
]
AIRPODS_MAX_COLOURS = ["Space Gray", "Silver", "Sky Blue", "Green", "Pink"]


def headphone_title(brand, model, form, wireless, anc, colour):
    if form == "true wireless":
        noun = "True Wireless" + (" Noise Cancelling" if anc else "") + " In-Ear Earbuds"
    elif form == "in-ear":
        noun = ("Wireless " if wireless else "Wired ") + "In-Ear Earbuds"
    else:
        where = "Over-the-Ear" if form == "over-ear" else "On-Ear"
        noun = ("Wireless " if wireless else "Wired ") + ("Noise Cancelling " if anc else "") + f"{where} Headphones"
    return f"{brand} - {model} {noun} - {colour}"


def add_headphones(catalog):
    def add(title, brand, family, form, wireless, anc, colour, price, pop, condition="new"):
        earbuds = form in ("true wireless", "in-ear")
        leaf = "True Wireless Earbuds" if form == "true wireless" else (
            "Earbud & In-Ear Headphones" if earbuds else "Over-Ear & On-Ear Headphones")
        if condition == "refurbished":
            leaf = "Refurbished Headphones"
        features = ["Bluetooth"] if wireless else ["Wired"]
        if anc:
            features.append("Active Noise Cancelling")
        catalog.add(title, f"{brand} {family} {'earbuds' if earbuds else 'headphones'}"
                    + (" with Bluetooth wireless" if wireless else " with a wired connection")
                    + (" and world-class noise cancellation" if anc else "") + ". Rich, immersive sound.",
                    price, ("Audio", "Headphones", leaf), brand,
                    {"color": colour, "headphone_fit": form, "features": features},
                    popularity=pop, kind="earbuds" if earbuds else "headphones", family=family,
                    wireless=wireless, anc=anc, form=form, condition=condition)

    for brand, model, form, wireless, anc, colours, price, pop in HEADPHONES:
        for i, colour in enumerate(colours):
            add(headphone_title(brand, model, form, wireless, anc, colour), brand, model, form,
                wireless, anc, colour, price, pop * (1.0 if i == 0 else 0.6))
    for family, title, price, pop, anc in AIRPODS:
        add(title, "Apple", family, "true wireless", True, anc, "White", price, pop)
    for i, colour in enumerate(AIRPODS_MAX_COLOURS):
        add(f"Apple - AirPods Max - {colour}", "Apple", "AirPods Max", "over-ear", True, True,
            colour, 549, 380 * (1.0 if i == 0 else 0.6))
    add("Apple - Refurbished AirPods Pro (2nd generation) with MagSafe Case - White", "Apple",
        "AirPods Pro (2nd generation)", "true wireless", True, True, "White", 179, 220, "refurbished")
    add("Bose - Refurbished QuietComfort 45 Wireless Noise Cancelling Over-the-Ear Headphones - Black",
        "Bose", "QuietComfort 45", "over-ear", True, True, "Black", 229, 120, "refurbished")


HEADPHONE_ACCESSORIES = [
    ("OtterBox - Soft Touch Case for Apple® AirPods Pro (2nd generation) - Black", 29.99, 90, ["AirPods Pro (2nd generation)"]),
    ("Spigen - Rugged Armor Case for Apple® AirPods Pro (2nd generation) - Black", 19.99, 60, ["AirPods Pro (2nd generation)"]),
    ("Insignia™ - Silicone Case for Apple® AirPods Pro (2nd generation) - Clear", 14.99, 40, ["AirPods Pro (2nd generation)"]),
    ("Insignia™ - Silicone Case for Apple® AirPods® (3rd generation) - Black", 14.99, 30, ["AirPods (3rd generation)"]),
    ("Insignia™ - Silicone Case for Apple® AirPods® (2nd generation) - Black", 14.99, 45, ["AirPods (2nd generation)"]),
    ("Speck - Presidio Case for Apple® AirPods® (2nd generation) - Clear", 24.99, 25, ["AirPods (2nd generation)"]),
    ("Apple - AirPods Pro Ear Tips (2 sets) - White", 7.99, 60, ["AirPods Pro (2nd generation)", "AirPods Pro (1st generation)"]),
    ("Comply - Foam Tips 2.0 for Apple® AirPods Pro - Black", 24.99, 20, ["AirPods Pro (2nd generation)", "AirPods Pro (1st generation)"]),
    ("Apple - AirPods Max Smart Case Replacement Cover - Black", 19.0, 10, ["AirPods Max"]),
    ("Insignia™ - Headphone Stand - Black", 19.99, 25, ["any headphones"]),
    ("Insignia™ - 6' 3.5mm Headphone Extension Cable - Black", 9.99, 15, ["any headphones"]),
    ("Bose - QuietComfort Headphones Carry Case - Black", 39.0, 15, ["QuietComfort 45", "QuietComfort"]),
]

# brand, model, kind, colours, price, popularity, title words
SPEAKERS = [
    ("JBL", "Flip 6", "speaker", ["Black", "Blue", "Red", "Teal", "Gray"], 129.99, 420, "Portable Waterproof Speaker"),
    ("JBL", "Charge 5", "speaker", ["Black", "Blue", "Red", "Camo"], 179.99, 390, "Portable Waterproof Speaker with Powerbank"),
    ("JBL", "Clip 4", "speaker", ["Black", "Blue", "Pink"], 79.99, 260, "Portable Bluetooth Speaker"),
    ("JBL", "Go 3", "speaker", ["Black", "Blue", "Pink", "Red"], 49.99, 290, "Portable Waterproof Speaker"),
    ("JBL", "Boombox 3", "speaker", ["Black"], 499.99, 120, "Portable Bluetooth Speaker"),
    ("JBL", "PartyBox 110", "speaker", ["Black"], 399.99, 110, "Portable Party Speaker with Light Show"),
    ("Bose", "SoundLink Flex", "speaker", ["Black", "Stone Blue", "White Smoke"], 149.0, 320, "Portable Bluetooth Speaker with Waterproof/Dustproof Design"),
    ("Bose", "SoundLink Micro", "speaker", ["Black"], 119.0, 150, "Portable Bluetooth Speaker"),
    ("Sonos", "Roam 2", "speaker", ["Black", "White"], 179.0, 140, "Portable Bluetooth Speaker"),
    ("Ultimate Ears", "BOOM 3", "speaker", ["Night Black", "Ultraviolet Purple"], 149.99, 150, "Portable Bluetooth Waterproof Speaker"),
    ("Ultimate Ears", "WONDERBOOM 3", "speaker", ["Active Black", "Hyper Pink"], 99.99, 130, "Portable Bluetooth Waterproof Speaker"),
    ("Sony", "SRS-XB100", "speaker", ["Black", "Blue"], 59.99, 100, "Portable Bluetooth Speaker"),
    ("Beats", "Pill", "speaker", ["Matte Black", "Champagne Gold"], 149.99, 150, "Portable Bluetooth Speaker"),
    ("Amazon", "Echo Dot (5th Gen, 2022 Release)", "smart_speaker", ["Charcoal", "Glacier White", "Deep Sea Blue"], 49.99, 500, "Smart Speaker with Alexa"),
    ("Amazon", "Echo (4th Gen)", "smart_speaker", ["Charcoal"], 99.99, 200, "Smart Speaker with Alexa"),
    ("Amazon", "Echo Show 8 (3rd Gen)", "smart_speaker", ["Charcoal"], 149.99, 190, "Smart Display with Alexa"),
    ("Google", "Nest Mini (2nd Gen)", "smart_speaker", ["Chalk", "Charcoal"], 49.0, 300, "Smart Speaker with Google Assistant"),
    ("Google", "Nest Audio", "smart_speaker", ["Chalk"], 99.0, 150, "Smart Speaker with Google Assistant"),
    ("Google", "Nest Hub (2nd Gen)", "smart_speaker", ["Chalk"], 99.0, 200, "Smart Display with Google Assistant"),
    ("Sonos", "Era 100", "smart_speaker", ["Black", "White"], 249.0, 180, "Smart Speaker"),
    ("Apple", "HomePod mini", "smart_speaker", ["White", "Space Gray", "Blue", "Yellow"], 99.0, 260, "Smart Speaker"),
]


def add_audio_accessories_and_speakers(catalog):
    for title, price, pop, compat in HEADPHONE_ACCESSORIES:
        catalog.simple(title, "headphone_accessory", price, pop,
                       ("Audio", "Headphones", "Headphone Accessories"), compat=compat)
    for brand, model, kind, colours, price, pop, words in SPEAKERS:
        for i, colour in enumerate(colours):
            title = f"{brand} - {model} {words} - {colour}"
            waterproof = "Waterproof" in words
            catalog.add(title, f"{brand} {model}: {words.lower()}." + (" Bluetooth wireless streaming." if kind == "speaker" else
                                                                  " Voice control for music, timers and smart home."),
                        price, ("Audio", "Speakers", "Bluetooth Speakers" if kind == "speaker" else "Smart Speakers & Displays"),
                        brand, {"color": colour}, popularity=pop * (1.0 if i == 0 else 0.6), kind=kind,
                        family=model, waterproof=waterproof)


def add_tv_audio(catalog):
    add_tvs(catalog)
    add_tv_accessories(catalog)
    add_headphones(catalog)
    add_audio_accessories_and_speakers(catalog)
