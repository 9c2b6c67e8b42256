"""Smartwatches and fitness trackers with their sizes, colours and
connectivity, and the bands, screen protectors and chargers for them."""

WEAR = "Wearable Technology"


def add_watch(catalog, title, family, brand, size, colour, price, pop, kind="smartwatch",
              connectivity="GPS", condition="new"):
    leaf = {"Apple": "Apple Watch", "Samsung": "Samsung Galaxy Watch", "Google": "Google Pixel Watch",
            "Garmin": "Garmin Smartwatches", "Fitbit": "Fitbit Smartwatches & Trackers"}[brand]
    if condition == "refurbished":
        leaf = "Refurbished Smartwatches"
    what = "fitness tracker" if kind == "fitness_tracker" else "smartwatch"
    attributes = {"color": colour, "connectivity": connectivity}
    if size:
        attributes["case_size_mm"] = size
    catalog.add(title, f"{brand} {family} {what}. Track workouts, heart rate and sleep; get notifications on your wrist.",
                price, (WEAR, "Smartwatches & Fitness Trackers", leaf), brand, attributes, popularity=pop,
                kind=kind, family=family, size=size, condition=condition, connectivity=connectivity)


def add_watches(catalog):
    s9_colours = ["Midnight", "Starlight", "Silver", "Pink"]
    for size, fit in ((41, "S/M"), (45, "M/L")):
        for i, colour in enumerate(s9_colours):
            for cellular in (False, True):
                conn = "GPS + Cellular" if cellular else "GPS"
                title = (f"Apple Watch Series 9 ({conn}) {size}mm {colour} Aluminum Case with {colour} Sport Band - {fit} - {colour}")
                add_watch(catalog, title, "Apple Watch Series 9", "Apple", size, colour, (399 if size == 41 else 429) + (100 if cellular else 0),
                          720 * (1.0 if i == 0 else 0.7) * (0.5 if cellular else 1.0) * (1.0 if size == 45 else 0.85), connectivity=conn)
    for size, fit in ((40, "S/M"), (44, "M/L")):
        for i, colour in enumerate(["Midnight", "Starlight", "Silver"]):
            title = f"Apple Watch SE (2nd Generation) (GPS) {size}mm {colour} Aluminum Case with {colour} Sport Band - {fit} - {colour}"
            add_watch(catalog, title, "Apple Watch SE", "Apple", size, colour, 249 if size == 40 else 279, 560 * (1.0 if i == 0 else 0.7))
    for band, colour in (("Alpine Loop - Medium", "Indigo"), ("Trail Loop - M/L", "Green/Gray"), ("Ocean Band", "Blue")):
        title = f"Apple Watch Ultra 2 (GPS + Cellular) 49mm Titanium Case with {colour} {band} - Titanium"
        add_watch(catalog, title, "Apple Watch Ultra 2", "Apple", 49, colour, 799, 330, connectivity="GPS + Cellular")
    add_watch(catalog, "Apple Watch Series 7 (GPS) 45mm Aluminum Case - Refurbished - Midnight", "Apple Watch Series 7", "Apple",
              45, "Midnight", 279, 120, condition="refurbished")
    for model, sizes, colours, price, pop in (("Galaxy Watch6", (40, 44), ["Graphite", "Gold", "Silver"], 299, 330),
                                              ("Galaxy Watch6 Classic", (43, 47), ["Black", "Silver"], 399, 250),
                                              ("Galaxy Watch5 Pro", (45,), ["Black Titanium", "Gray Titanium"], 449, 150),
                                              ("Galaxy Watch4", (40, 44), ["Black"], 199, 140)):
        for size in sizes:
            for i, colour in enumerate(colours):
                for lte in ((False, True) if model == "Galaxy Watch6" and i == 0 else (False,)):
                    conn = "LTE" if lte else "BT"
                    metal = "Stainless Steel" if "Classic" in model else "Titanium" if "Pro" in model else "Aluminum"
                    title = f"Samsung - {model} {metal} Smartwatch {size}mm {conn} - {colour}"
                    add_watch(catalog, title, model, "Samsung", size, colour, price + (50 if lte else 0) + (30 if size > 43 else 0),
                              pop * (1.0 if i == 0 else 0.7) * (0.5 if lte else 1.0), connectivity="LTE" if lte else "Bluetooth")
    for colour, lte in (("Matte Black", False), ("Polished Silver", False), ("Champagne Gold", False), ("Matte Black", True)):
        conn = "LTE" if lte else "Wi-Fi"
        title = f"Google - Pixel Watch 2 Aluminum Case Smartwatch 41mm with Active Band {conn} - {colour}"
        add_watch(catalog, title, "Pixel Watch 2", "Google", 41, colour, 349 + (50 if lte else 0), 240 * (0.6 if lte else 1.0),
                  connectivity=conn)
    garmin = [("Forerunner 265", "GPS Smartwatch 46mm", ["Black", "Whitestone"], 449, 180),
              ("Forerunner 965", "GPS Smartwatch 47mm", ["Black"], 599, 110),
              ("fēnix 7 Pro Solar", "GPS Smartwatch 47mm", ["Slate Gray"], 799, 120),
              ("Venu 3", "GPS Smartwatch 45mm", ["Black", "Silver"], 449, 150),
              ("vívoactive 5", "GPS Smartwatch 42mm", ["Black", "Ivory"], 299, 170),
              ("Instinct 2 Solar", "Rugged GPS Smartwatch 45mm", ["Graphite", "Tidal Blue"], 399, 130)]
    for model, words, colours, price, pop in garmin:
        for i, colour in enumerate(colours):
            size = int(words.rsplit(" ", 1)[1].removesuffix("mm"))
            add_watch(catalog, f"Garmin - {model} {words} - {colour}", model, "Garmin", size, colour, price, pop * (1.0 if i == 0 else 0.6))
    fitbit = [("Charge 6", "Fitness Tracker + Heart Rate", ["Obsidian", "Porcelain", "Coral"], 159.95, 380, "fitness_tracker"),
              ("Inspire 3", "Health & Fitness Tracker", ["Midnight Zen", "Lilac Bliss"], 99.95, 260, "fitness_tracker"),
              ("Versa 4", "Fitness Smartwatch", ["Black/Graphite", "Pink Sand"], 199.95, 220, "smartwatch"),
              ("Sense 2", "Advanced Health Smartwatch", ["Shadow Grey", "Lunar White"], 249.95, 160, "smartwatch")]
    for model, words, colours, price, pop, kind in fitbit:
        for i, colour in enumerate(colours):
            add_watch(catalog, f"Fitbit - {model} {words} - {colour}", model, "Fitbit", None, colour, price,
                      pop * (1.0 if i == 0 else 0.6), kind=kind, connectivity="Bluetooth")


APPLE_LARGE = ["Apple Watch Series 9", "Apple Watch SE", "Apple Watch Ultra 2", "Apple Watch Series 7"]
APPLE_ALL = APPLE_LARGE
SAMSUNG_WATCHES = ["Galaxy Watch6", "Galaxy Watch6 Classic", "Galaxy Watch5 Pro", "Galaxy Watch4"]

# title, kind, price, popularity, compat, band size (mm) or None
WATCH_ACCESSORIES = [
    ("Apple - Nylon Band for Apple Watch 42mm, 44mm, 45mm and Apple Watch Ultra 49mm - Black", "watch_band", 49.0, 60, APPLE_ALL, 45),
    ("Insignia™ - Nylon Band for Apple Watch 42mm, 44mm, 45mm and Apple Watch Ultra 49mm - Black", "watch_band", 19.99, 90, APPLE_ALL, 45),
    ("Insignia™ - Silicone Band for Apple Watch 38mm, 40mm, 41mm - Pink", "watch_band", 14.99, 70, APPLE_ALL, 41),
    ("Insignia™ - Silicone Band for Apple Watch 42mm, 44mm, 45mm - Black", "watch_band", 14.99, 85, APPLE_ALL, 45),
    ("Platinum™ - Stainless Steel Mesh Band for Apple Watch 42mm, 44mm, 45mm - Silver", "watch_band", 39.99, 40, APPLE_ALL, 45),
    ("Modal™ - Leather Band for Apple Watch 38mm, 40mm, 41mm - Brown", "watch_band", 29.99, 30, APPLE_ALL, 41),
    ("Nomad - Sport Band for Apple Watch 45mm - Black", "watch_band", 49.95, 25, APPLE_ALL, 45),
    ("Samsung - Galaxy Watch6 Sport Band (M/L) - Graphite", "watch_band", 49.99, 60, SAMSUNG_WATCHES, None),
    ("Samsung - Galaxy Watch6 Classic Hybrid Eco-Leather Band - Black", "watch_band", 69.99, 30, ["Galaxy Watch6 Classic"], None),
    ("Insignia™ - Silicone Band for Samsung Galaxy Watch6, Watch5 and Watch4 - Black", "watch_band", 19.99, 45, SAMSUNG_WATCHES, None),
    ("Fitbit - Charge 6 Infinity Band (Large) - Black", "watch_band", 29.95, 50, ["Charge 6"], None),
    ("Insignia™ - Woven Band for Fitbit Charge 5 and Charge 6 - Navy", "watch_band", 19.99, 35, ["Charge 6"], None),
    ("Fitbit - Versa 4 Sport Band (Small) - Black", "watch_band", 29.95, 30, ["Versa 4", "Sense 2"], None),
    ("Garmin - QuickFit 22mm Silicone Watch Band - Black", "watch_band", 49.99, 30, ["Forerunner 965", "fēnix 7 Pro Solar", "Instinct 2 Solar"], None),
    ("Google - Pixel Watch Active Band (Large) - Obsidian", "watch_band", 49.99, 40, ["Pixel Watch 2"], None),
    ("ZAGG - InvisibleShield GlassFusion+ Screen Protector for Apple Watch Series 9 45mm - Clear", "watch_protector", 39.99, 60, APPLE_LARGE, 45),
    ("Insignia™ - Bumper Case for Apple Watch 45mm - Clear", "watch_protector", 14.99, 50, APPLE_LARGE, 45),
    ("Insignia™ - Bumper Case for Apple Watch 41mm - Clear", "watch_protector", 14.99, 40, APPLE_LARGE, 41),
    ("Insignia™ - Screen Protector for Samsung Galaxy Watch6 44mm - Clear", "watch_protector", 14.99, 30, ["Galaxy Watch6"], None),
    ("Apple - Watch Magnetic Fast Charger to USB-C Cable (1m) - White", "watch_charger", 29.0, 140, APPLE_ALL, None),
    ("Insignia™ - Charging Stand for Apple Watch - Black", "watch_charger", 24.99, 40, APPLE_ALL, None),
    ("Samsung - Galaxy Watch Fast Wireless Charger - White", "watch_charger", 29.99, 40, SAMSUNG_WATCHES, None),
]


def add_watch_accessories(catalog):
    for colour in ["Midnight", "Starlight", "Storm Blue", "Clay", "(PRODUCT)RED"]:
        for size, fit in ((41, "S/M"), (45, "M/L")):
            catalog.add(f"Apple - {size}mm Sport Band - {fit} - {colour}",
                        f"Apple Sport Band for Apple Watch ({size}mm case). Soft fluoroelastomer band.",
                        49.0, (WEAR, "Wearable Accessories", "Smartwatch Bands"), "Apple",
                        {"color": colour, "band_size_mm": size}, popularity=110 if colour == "Midnight" else 50,
                        kind="watch_band", compat=APPLE_ALL, band_size=size)
    for title, kind, price, pop, compat, size in WATCH_ACCESSORIES:
        leaf = {"watch_band": "Smartwatch Bands", "watch_protector": "Smartwatch Screen Protectors & Cases",
                "watch_charger": "Smartwatch Chargers"}[kind]
        attributes = {"band_size_mm": size} if size and kind == "watch_band" else {}
        catalog.simple(title, kind, price, pop, (WEAR, "Wearable Accessories", leaf), compat=compat,
                       attributes=attributes, band_size=size)


def add_wearables(catalog):
    add_watches(catalog)
    add_watch_accessories(catalog)
