"""Laptops (Windows, MacBook, Chromebook, gaming) and tablets with their
configurations, refurbished units, and the sleeves, chargers, keyboards and
cases made for them."""

# brand, family, screen (inches, label), leaf, popularity, configs, colours
# A config: (processor, memory GB, storage label, price).
I5, I7, R5, R7 = "Intel Core i5", "Intel Core i7", "AMD Ryzen 5", "AMD Ryzen 7"
LAPTOPS = [
    ("Dell", "XPS 13", (13.4, '13.4" FHD+'), "Windows Laptops", 380,
     [(I5, 8, "512GB SSD", 999), (I7, 16, "512GB SSD", 1299), (I7, 32, "1TB SSD", 1699)], ["Platinum Silver", "Graphite"]),
    ("Dell", "XPS 15", (15.6, '15.6" OLED Touch-Screen'), "Windows Laptops", 260,
     [(I7, 16, "512GB SSD", 1799), (I7, 32, "1TB SSD", 2299)], ["Platinum Silver"]),
    ("Dell", "Inspiron 14", (14.0, '14" FHD'), "Windows Laptops", 240,
     [(I5, 8, "512GB SSD", 599), (I7, 16, "512GB SSD", 799)], ["Platinum Silver"]),
    ("Dell", "Inspiron 15", (15.6, '15.6" FHD Touch-Screen'), "Windows Laptops", 300,
     [(I5, 8, "256GB SSD", 549), (I7, 16, "512GB SSD", 749), (R5, 8, "512GB SSD", 529)], ["Carbon Black", "Platinum Silver"]),
    ("Dell", "Inspiron 16 2-in-1", (16.0, '16" FHD+ Touch-Screen'), "2-in-1 Laptops", 150,
     [(I7, 16, "1TB SSD", 999)], ["Platinum Silver"]),
    ("HP", "Pavilion 15", (15.6, '15.6" FHD Touch-Screen'), "Windows Laptops", 280,
     [(I5, 8, "512GB SSD", 629), (I7, 16, "512GB SSD", 829), (R7, 16, "1TB SSD", 799)], ["Natural Silver", "Fog Blue"]),
    ("HP", "Pavilion x360 14", (14.0, '14" FHD Touch-Screen'), "2-in-1 Laptops", 210,
     [(I5, 8, "512GB SSD", 649)], ["Natural Silver", "Space Blue"]),
    ("HP", "Spectre x360 14", (14.0, '14" 2.8K OLED Touch-Screen'), "2-in-1 Laptops", 190,
     [(I7, 16, "1TB SSD", 1499), (I7, 32, "2TB SSD", 1899)], ["Nightfall Black", "Natural Silver"]),
    ("HP", "Spectre x360 16", (16.0, '16" 3K+ OLED Touch-Screen'), "2-in-1 Laptops", 140,
     [(I7, 16, "1TB SSD", 1649)], ["Nightfall Black"]),
    ("HP", "", (15.6, '15.6" HD Touch-Screen'), "Windows Laptops", 330,
     [("Intel Core i3", 8, "256GB SSD", 429), (R5, 8, "256GB SSD", 449)], ["Natural Silver", "Scarlet Red"]),
    ("Lenovo", "ThinkPad X1 Carbon Gen 11", (14.0, '14" WUXGA Touch-Screen'), "Windows Laptops", 170,
     [(I7, 16, "512GB SSD", 1799), (I7, 32, "1TB SSD", 2199)], ["Deep Black"]),
    ("Lenovo", "ThinkPad T14 Gen 4", (14.0, '14" WUXGA'), "Windows Laptops", 150,
     [(I5, 16, "256GB SSD", 1199), (I7, 16, "512GB SSD", 1449)], ["Thunder Black"]),
    ("Lenovo", "ThinkPad E16 Gen 1", (16.0, '16" WUXGA'), "Windows Laptops", 110,
     [(I5, 8, "256GB SSD", 799)], ["Graphite Black"]),
    ("Lenovo", "IdeaPad 3", (15.6, '15.6" FHD Touch-Screen'), "Windows Laptops", 290,
     [(I5, 8, "512GB SSD", 549), (R5, 8, "256GB SSD", 479), (R7, 16, "512GB SSD", 649)], ["Arctic Grey", "Abyss Blue"]),
    ("Lenovo", "IdeaPad Slim 5", (16.0, '16" WUXGA Touch-Screen'), "Windows Laptops", 220,
     [(R7, 16, "512GB SSD", 699), (I7, 16, "1TB SSD", 849)], ["Cloud Grey"]),
    ("Lenovo", "Yoga 7i", (14.0, '14" 2.2K Touch-Screen'), "2-in-1 Laptops", 160,
     [(I7, 16, "512GB SSD", 899)], ["Arctic Grey", "Storm Grey"]),
    ("Microsoft", "Surface Laptop 5", (13.5, '13.5" Touch-Screen'), "Windows Laptops", 170,
     [(I5, 8, "256GB SSD", 999), (I7, 16, "512GB SSD", 1399)], ["Platinum", "Sage"]),
]

MACBOOKS = [
    ("MacBook Air", '13.3"', 13.3, "M1", [(8, "256GB SSD", 999)], ["Space Gray", "Gold", "Silver"], 520),
    ("MacBook Air", '13.6"', 13.6, "M2", [(8, "256GB SSD", 1099), (8, "512GB SSD", 1299), (16, "512GB SSD", 1499)],
     ["Midnight", "Starlight", "Space Gray", "Silver"], 700),
    ("MacBook Air", '15.3"', 15.3, "M3", [(8, "256GB SSD", 1299), (16, "512GB SSD", 1699)], ["Midnight", "Starlight", "Silver"], 560),
    ("MacBook Pro", '14.2"', 14.2, "M3", [(8, "512GB SSD", 1599), (16, "1TB SSD", 1999)], ["Space Gray", "Silver"], 420),
    ("MacBook Pro", '14.2"', 14.2, "M3 Pro", [(18, "512GB SSD", 1999), (18, "1TB SSD", 2399)], ["Space Black", "Silver"], 400),
    ("MacBook Pro", '16.2"', 16.2, "M3 Pro", [(18, "512GB SSD", 2499)], ["Space Black", "Silver"], 300),
    ("MacBook Pro", '16.2"', 16.2, "M3 Max", [(36, "1TB SSD", 3499)], ["Space Black"], 180),
]

GAMING = [
    ("ASUS", "ROG Strix G16", '16" 165Hz', 16.0, [(I7, 16, "RTX 4060", "512GB SSD", 1399), (I7, 16, "RTX 4070", "1TB SSD", 1699)], "Eclipse Gray", 220),
    ("ASUS", "TUF Gaming A15", '15.6" 144Hz', 15.6, [(R7, 16, "RTX 4050", "512GB SSD", 999)], "Mecha Gray", 240),
    ("Lenovo", "Legion 5i", '16" WQXGA 165Hz', 16.0, [(I7, 16, "RTX 4060", "1TB SSD", 1299)], "Storm Grey", 200),
    ("HP", "Victus 15", '15.6" 144Hz', 15.6, [(I5, 8, "RTX 3050", "512GB SSD", 699), (R7, 16, "RTX 4050", "512GB SSD", 899)], "Mica Silver", 260),
    ("Dell", "G15", '15.6" FHD 165Hz', 15.6, [(I7, 16, "RTX 4060", "1TB SSD", 1099)], "Dark Shadow Gray", 190),
    ("Alienware", "m16", '16" QHD+ 240Hz', 16.0, [(I7, 32, "RTX 4070", "1TB SSD", 2099)], "Dark Metallic Moon", 120),
]

CHROMEBOOKS = [
    ("Acer", "Chromebook 315", '15.6" HD', 15.6, "Intel Celeron", 4, "64GB eMMC", 249, "Silver", 230),
    ("HP", "", '14" HD', 14.0, "Intel Celeron", 4, "64GB eMMC", 229, "Mineral Silver", 250),
    ("Lenovo", "IdeaPad 3 Chromebook", '11.6" HD', 11.6, "MediaTek", 4, "64GB eMMC", 179, "Onyx Black", 200),
    ("Samsung", "Galaxy Chromebook Go", '14" HD', 14.0, "Intel Celeron", 4, "32GB eMMC", 199, "Silver", 120),
    ("ASUS", "Chromebook Plus CX34", '14" FHD', 14.0, I5, 8, "128GB UFS", 399, "Pearl White", 140),
]


def laptop(catalog, brand, family, screen_label, size, chip, ram, ssd, colour, price, pop,
           leaf, kind="laptop", gpu=None):
    gpu_part = f" - NVIDIA GeForce {gpu}" if gpu else ""
    noun = "Gaming Laptop" if gpu else "Laptop"
    if kind == "chromebook" and "Chromebook" not in family:
        noun = "Chromebook"
    memory = f"{ram}GB Memory"
    name = f"{family} " if family else ""
    title = f"{brand} - {name}{screen_label} {noun} - {chip}{gpu_part} - {memory} - {ssd} - {colour}"
    attributes = {"color": colour, "screen_size_in": size, "processor": chip, "ram_gb": ram,
                  "storage": ssd}
    if gpu:
        attributes["graphics"] = f"NVIDIA GeForce {gpu}"
    description = (f"{brand} {family} {noun.lower()} with a {screen_label} display, {chip}, {memory.lower()} "
                   f"and {ssd}. Thin, light and made for work, school and play.")
    return catalog.add(title, description, price, ("Computers & Tablets", "Laptops", leaf), brand,
                       attributes, popularity=pop, kind=kind, family=family or f"{brand} {noun}", ram=ram,
                       screen=size, gaming=bool(gpu))


def add_laptops(catalog):
    for brand, family, (size, label), leaf, pop, configs, colours in LAPTOPS:
        for i, (chip, ram, ssd, price) in enumerate(configs):
            for j, colour in enumerate(colours):
                laptop(catalog, brand, family, label, size, chip, ram, ssd, colour, price,
                       pop * (1.0 if i == 0 else 0.7) * (1.0 if j == 0 else 0.6), leaf)
    for family, label, size, chip, configs, colours, pop in MACBOOKS:
        for i, (ram, ssd, price) in enumerate(configs):
            for j, colour in enumerate(colours):
                laptop(catalog, "Apple", family, label, size, f"{chip} chip", ram, ssd, colour, price,
                       pop * (1.0 if i == 0 else 0.6) * (1.0 if j == 0 else 0.7), "MacBooks")
    for brand, family, label, size, configs, colour, pop in GAMING:
        for i, (chip, ram, gpu, ssd, price) in enumerate(configs):
            laptop(catalog, brand, family, label, size, chip, ram, ssd, colour, price,
                   pop * (1.0 if i == 0 else 0.7), "Gaming Laptops", gpu=gpu)
    for brand, family, label, size, chip, ram, storage, price, colour, pop in CHROMEBOOKS:
        laptop(catalog, brand, family, label, size,
               chip, ram, storage, colour, price, pop, "Chromebooks", kind="chromebook")
    refurbished = [
        ("Apple", 'Refurbished MacBook Air 13.3" Laptop - M1 chip - 8GB Memory - 256GB SSD - Space Gray', "MacBook Air", 13.3, 749, 260),
        ("Dell", 'Refurbished XPS 13 13.3" FHD Laptop - Intel Core i7 - 16GB Memory - 512GB SSD - Silver', "XPS 13", 13.3, 699, 90),
        ("Lenovo", 'Refurbished ThinkPad T14 14" Laptop - Intel Core i5 - 16GB Memory - 256GB SSD - Black', "ThinkPad T14 Gen 4", 14.0, 549, 70),
        ("HP", 'Refurbished Pavilion 15.6" Laptop - Intel Core i5 - 8GB Memory - 256GB SSD - Silver', "Pavilion 15", 15.6, 399, 60),
        ("Apple", 'Refurbished MacBook Pro 13.3" Laptop - M1 chip - 8GB Memory - 512GB SSD - Silver', "MacBook Pro", 13.3, 999, 120),
    ]
    for brand, rest, family, size, price, pop in refurbished:
        catalog.add(f"{brand} - {rest}", f"Certified refurbished {brand} {family}. Inspected, tested and warrantied.",
                    price, ("Computers & Tablets", "Laptops", "Refurbished Laptops"), brand,
                    {"condition": "Refurbished", "screen_size_in": size, "color": rest.rsplit(" - ", 1)[1]},
                    popularity=pop, kind="laptop", family=family, condition="refurbished", screen=size)


# family, title stem, storages, colours, price, popularity, leaf, brand
TABLETS = [
    ("iPad (10th generation)", 'Apple - 10.9-Inch iPad (10th Generation) with Wi-Fi', [64, 256], ["Blue", "Pink", "Silver", "Yellow"], 349, 640, "iPad", "Apple"),
    ("iPad (9th generation)", 'Apple - 10.2-Inch iPad (9th Generation) with Wi-Fi', [64], ["Space Gray", "Silver"], 249, 520, "iPad", "Apple"),
    ("iPad Air", 'Apple - 10.9-Inch iPad Air (5th Generation) with Wi-Fi', [64, 256], ["Space Gray", "Blue", "Purple", "Starlight"], 599, 420, "iPad", "Apple"),
    ("iPad Pro 11", 'Apple - 11-Inch iPad Pro (M2 chip) with Wi-Fi', [128, 256, 512], ["Space Gray", "Silver"], 799, 330, "iPad", "Apple"),
    ("iPad Pro 12.9", 'Apple - 12.9-Inch iPad Pro (M2 chip) with Wi-Fi', [128, 512], ["Space Gray", "Silver"], 1099, 260, "iPad", "Apple"),
    ("iPad mini", 'Apple - iPad mini (6th Generation) with Wi-Fi', [64, 256], ["Space Gray", "Pink", "Purple", "Starlight"], 499, 300, "iPad", "Apple"),
    ("Galaxy Tab S9", 'Samsung - Galaxy Tab S9 11" 128GB Wi-Fi', [128], ["Graphite", "Beige"], 799, 260, "Samsung Galaxy Tablets", "Samsung"),
    ("Galaxy Tab S9 FE", 'Samsung - Galaxy Tab S9 FE 10.9" Wi-Fi', [128, 256], ["Gray", "Mint"], 449, 230, "Samsung Galaxy Tablets", "Samsung"),
    ("Galaxy Tab A9+", 'Samsung - Galaxy Tab A9+ 11" Wi-Fi', [64], ["Graphite", "Silver"], 219, 240, "Samsung Galaxy Tablets", "Samsung"),
    ("Fire HD 8", 'Amazon - Fire HD 8 (2022) 8" Tablet', [32, 64], ["Black", "Denim", "Rose"], 99, 380, "Amazon Fire Tablets", "Amazon"),
    ("Fire HD 10", 'Amazon - Fire HD 10 (2023) 10.1" Tablet', [32], ["Black", "Lilac", "Ocean"], 139, 300, "Amazon Fire Tablets", "Amazon"),
    ("Fire HD 8 Kids", 'Amazon - Fire HD 8 Kids Edition (2022) 8" Tablet with Kid-Proof Case', [32], ["Blue", "Purple"], 149, 260, "Amazon Fire Tablets", "Amazon"),
    ("Tab M10 Plus", 'Lenovo - Tab M10 Plus (3rd Gen) 10.6" Tablet', [64], ["Storm Grey"], 199, 150, "Android Tablets", "Lenovo"),
]


def add_tablets(catalog):
    for family, stem, storages, colours, price, pop, leaf, brand in TABLETS:
        for i, gb in enumerate(storages):
            for j, colour in enumerate(colours):
                storage = "" if f"{gb}GB" in stem else f" - {gb}GB"
                title = f"{stem}{storage} - {colour}"
                kids = "Kids" in family
                catalog.add(title, f"{brand} {family} tablet with {gb}GB of storage in {colour}."
                            + (" Made for kids, with a kid-proof case and parental controls." if kids else
                               " Great for streaming, reading, browsing and drawing."),
                            price + 100 * i, ("Computers & Tablets", "Tablets", leaf), brand,
                            {"color": colour, "storage_gb": gb},
                            popularity=pop * (1.0 if i == 0 else 0.6) * (1.0 if j == 0 else 0.7),
                            kind="tablet", family=family, storage=gb, kids=kids)
