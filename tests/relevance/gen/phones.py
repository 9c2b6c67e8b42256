"""Cell phones: Apple, Samsung, Google and Motorola model lines with their
storage, colour and carrier variants, refurbished units and prepaid phones.
`PHONE_FAMILIES` is what the accessory modules make cases "for"."""

from .core import pick

# family, storages (GB), colours, launch price, popularity, line
IPHONES = [
    ("iPhone 7", [32, 128, 256], ["Black", "Jet Black", "Gold", "Rose Gold", "Silver"], 449, 420),
    ("iPhone 7 Plus", [32, 128, 256], ["Black", "Jet Black", "Gold", "Rose Gold", "Silver"], 569, 330),
    ("iPhone 8", [64, 256], ["Space Gray", "Silver", "Gold"], 499, 360),
    ("iPhone 8 Plus", [64, 256], ["Space Gray", "Silver", "Gold"], 599, 280),
    ("iPhone X", [64, 256], ["Space Gray", "Silver"], 699, 340),
    ("iPhone 11", [64, 128], ["Black", "White", "Purple", "Green", "Yellow", "(PRODUCT)RED"], 499, 560),
    ("iPhone 12", [64, 128, 256], ["Black", "White", "Blue", "Green", "Purple"], 599, 480),
    ("iPhone 13", [128, 256, 512], ["Midnight", "Starlight", "Blue", "Pink", "(PRODUCT)RED"], 629, 720),
    ("iPhone 13 Pro Max", [128, 256, 512, 1024], ["Graphite", "Gold", "Silver", "Sierra Blue"], 1099, 560),
    ("iPhone 14", [128, 256, 512], ["Midnight", "Starlight", "Blue", "Purple", "Yellow"], 729, 780),
    ("iPhone 14 Pro", [128, 256], ["Space Black", "Silver", "Gold", "Deep Purple"], 899, 610),
    ("iPhone 15", [128, 256, 512], ["Black", "Blue", "Green", "Yellow", "Pink"], 799, 980),
    ("iPhone 15 Pro", [128, 256, 512], ["Natural Titanium", "Blue Titanium", "White Titanium", "Black Titanium"], 999, 900),
    ("iPhone 15 Pro Max", [256, 512, 1024], ["Natural Titanium", "Blue Titanium", "White Titanium", "Black Titanium"], 1199, 930),
]

GALAXIES = [
    ("Galaxy S7", [32], ["Black Onyx", "Gold Platinum", "Silver Titanium"], 569, 360),
    ("Galaxy S7 edge", [32], ["Black Onyx", "Gold Platinum", "Blue Coral"], 669, 300),
    ("Galaxy S8", [64], ["Midnight Black", "Orchid Gray", "Arctic Silver"], 724, 380),
    ("Galaxy S8+", [64], ["Midnight Black", "Orchid Gray", "Arctic Silver"], 824, 290),
    ("Galaxy S9", [64, 128], ["Midnight Black", "Lilac Purple", "Coral Blue"], 719, 350),
    ("Galaxy S9+", [64, 128], ["Midnight Black", "Lilac Purple", "Coral Blue"], 839, 270),
    ("Galaxy S10", [128, 512], ["Prism Black", "Prism White", "Prism Blue"], 899, 330),
    ("Galaxy S10+", [128, 512], ["Prism Black", "Prism White", "Prism Blue"], 999, 260),
    ("Galaxy S21 5G", [128, 256], ["Phantom Gray", "Phantom White", "Phantom Violet"], 799, 420),
    ("Galaxy S21 Ultra 5G", [128, 256], ["Phantom Black", "Phantom Silver"], 1199, 380),
    ("Galaxy S22", [128, 256], ["Phantom Black", "Phantom White", "Green"], 799, 400),
    ("Galaxy S23", [128, 256], ["Phantom Black", "Cream", "Green", "Lavender"], 799, 690),
    ("Galaxy S23 Ultra", [256, 512], ["Phantom Black", "Cream", "Green", "Lavender"], 1199, 650),
    ("Galaxy S24", [128, 256], ["Onyx Black", "Marble Gray", "Cobalt Violet"], 799, 760),
    ("Galaxy S24 Ultra", [256, 512], ["Titanium Black", "Titanium Gray", "Titanium Violet"], 1299, 720),
    ("Galaxy Note8", [64], ["Midnight Black", "Orchid Gray"], 929, 240),
    ("Galaxy Note9", [128, 512], ["Ocean Blue", "Midnight Black", "Lavender Purple"], 999, 280),
    ("Galaxy Note20 Ultra 5G", [128, 512], ["Mystic Black", "Mystic Bronze"], 1299, 260),
    ("Galaxy Z Flip5", [256, 512], ["Mint", "Graphite", "Lavender"], 999, 380),
    ("Galaxy Z Fold5", [256, 512], ["Phantom Black", "Icy Blue"], 1799, 300),
    ("Galaxy A14 5G", [64], ["Black", "Silver"], 199, 310),
    ("Galaxy A54 5G", [128], ["Awesome Graphite", "Awesome Violet", "Awesome White"], 449, 340),
]

PIXELS = [
    ("Pixel 7", [128, 256], ["Obsidian", "Snow", "Lemongrass"], 599, 330),
    ("Pixel 7a", [128], ["Charcoal", "Sea", "Snow"], 499, 300),
    ("Pixel 8", [128, 256], ["Obsidian", "Hazel", "Rose"], 699, 460),
    ("Pixel 8 Pro", [128, 256], ["Obsidian", "Porcelain", "Bay"], 999, 400),
]

MOTOS = [
    ("moto g power (2022)", [64], ["Dark Blue", "Ice Blue"], 199, 210),
    ("moto g stylus 5G (2023)", [128], ["Cosmic Black", "Rose Champagne"], 399, 190),
    ("moto g play (2023)", [32], ["Navy Blue"], 169, 170),
    ("razr (2023)", [128], ["Sage Green", "Summer Lilac"], 699, 200),
    ("edge (2023)", [256], ["Eclipse Black"], 599, 150),
]

CARRIERS = ["Verizon", "AT&T", "T-Mobile"]
PHONE_PATH = {
    "Apple": ("Cell Phones", "iPhone"),
    "Samsung": ("Cell Phones", "Samsung Galaxy"),
    "Google": ("Cell Phones", "Google Pixel"),
    "Motorola": ("Cell Phones", "Motorola Phones"),
}

# Families accessories are made for, with their maker and popularity.
PHONE_FAMILIES = {}


def storage_label(gb):
    return "1TB" if gb == 1024 else f"{gb}GB"


def describe(brand, family, gb, colour, carrier):
    where = "unlocked, works with any major carrier" if carrier == "Unlocked" else f"on {carrier}"
    return (f"{brand} {family} smartphone with {storage_label(gb)} of storage in {colour}, {where}. "
            f"Cell phone with a high-resolution display, a fast processor and all-day battery.")


def add_line(catalog, brand, families, carriers_from):
    top, line_name = PHONE_PATH[brand]
    for index, (family, storages, colours, price, pop) in enumerate(families):
        PHONE_FAMILIES[family] = (brand, pop)
        leaf = family if brand in ("Apple", "Samsung", "Google") else "Motorola moto & razr"
        path = (top, line_name, f"{brand} {leaf}" if brand == "Google" else leaf)
        modern = index >= carriers_from
        for s, gb in enumerate(storages):
            for c, colour in enumerate(colours):
                carriers = ["Unlocked", pick(family + colour, CARRIERS)] if modern else [None]
                for k, carrier in enumerate(carriers):
                    if brand == "Motorola":
                        name = f"{brand} - {family} {storage_label(gb)} (Unlocked) - {colour}"
                        carrier = "Unlocked"
                    elif carrier is None:
                        name = f"{brand} - {family} {storage_label(gb)} - {colour}"
                    elif carrier == "Unlocked":
                        name = f"{brand} - {family} {storage_label(gb)} (Unlocked) - {colour}"
                    else:
                        name = f"{brand} - {family} {storage_label(gb)} - {colour} ({carrier})"
                    attributes = {"color": colour, "storage_gb": gb, "carrier": carrier or "Sprint"}
                    catalog.add(
                        name, describe(brand, family, gb, colour, carrier or "Sprint"),
                        price + 100 * s, path, brand, attributes,
                        popularity=pop * (1.0 if s == 0 else 0.6 / s) * (1.0 if c == 0 else 0.75)
                        * (1.0 if k == 0 else 0.8),
                        kind="phone", family=family, storage=gb, color=colour,
                        carrier=carrier or "Sprint")
        # Refurbished units of older models, unlocked, cheaper and less sought.
        refurbished = family in ("iPhone 11", "Galaxy S21 5G", "Pixel 7") or not modern
        if refurbished and brand != "Motorola":
            for gb in storages[:2]:
                colour = colours[0]
                name = f"{brand} - Refurbished {family} {storage_label(gb)} (Unlocked) - {colour}"
                catalog.add(
                    name,
                    f"Certified refurbished {brand} {family} with {storage_label(gb)}, unlocked. "
                    "Tested, cleaned and backed by a 90-day warranty.",
                    price * 0.55, (top, "Refurbished Phones", f"Refurbished {brand} Phones"), brand,
                    {"color": colour, "storage_gb": gb, "carrier": "Unlocked",
                     "condition": "Refurbished"},
                    popularity=pop * 0.35, kind="phone", family=family, storage=gb,
                    color=colour, carrier="Unlocked", condition="refurbished")


PREPAID = [
    ("Tracfone", "Samsung", "Galaxy A14 5G", 64, "Black", 129),
    ("Tracfone", "Apple", "iPhone 11", 64, "Black", 349),
    ("Straight Talk", "Apple", "iPhone 11", 64, "Black", 349),
    ("Straight Talk", "Samsung", "Galaxy A54 5G", 128, "Awesome Graphite", 349),
    ("Total by Verizon", "Motorola", "moto g play (2023)", 32, "Navy Blue", 99),
    ("Total by Verizon", "Apple", "iPhone 13", 128, "Midnight", 499),
    ("Walmart Family Mobile", "Samsung", "Galaxy A14 5G", 64, "Silver", 119),
    ("Tracfone", "Motorola", "moto g power (2022)", 64, "Dark Blue", 99),
]


def add_prepaid(catalog):
    for carrier, maker, family, gb, colour, price in PREPAID:
        name = f"{carrier} - {maker} {family} {storage_label(gb)} Prepaid - {colour}"
        catalog.add(
            name, f"{maker} {family} prepaid cell phone for {carrier}. No annual contract.",
            price, ("Cell Phones", "Prepaid Phones", "No-Contract Prepaid Phones"), carrier,
            {"color": colour, "storage_gb": gb, "carrier": carrier},
            popularity=PHONE_FAMILIES[family][1] * 0.3, kind="phone", family=family,
            storage=gb, color=colour, carrier=carrier, prepaid=True)


def add_phones(catalog):
    add_line(catalog, "Apple", IPHONES, carriers_from=5)
    add_line(catalog, "Samsung", GALAXIES, carriers_from=4)
    add_line(catalog, "Google", PIXELS, carriers_from=0)
    add_line(catalog, "Motorola", MOTOS, carriers_from=99)
    add_prepaid(catalog)
