"""Computer accessories and peripherals: laptop sleeves and chargers, iPad
cases and pencils, monitors, keyboards and mice, printers and ink, storage
and networking."""

ACC = "Computers & Tablets"

LAPTOP_ACCESSORIES = [
    ('Incase - Compact Sleeve for 13" Apple® MacBook® Air and MacBook Pro - Black', "laptop_sleeve", 49.99, 90, ["MacBook Air", "MacBook Pro"]),
    ('Incase - Icon Sleeve for 16" Apple® MacBook® Pro - Graphite', "laptop_sleeve", 59.99, 40, ["MacBook Pro"]),
    ('Insignia™ - Laptop Sleeve for Most 14" Laptops - Gray', "laptop_sleeve", 19.99, 50, ["any laptop"]),
    ('Insignia™ - Laptop Sleeve for Most 15.6" Laptops - Black', "laptop_sleeve", 19.99, 55, ["any laptop"]),
    ('Targus - CityLite Backpack for 15.6" Laptops - Black', "laptop_bag", 59.99, 80, ["any laptop"]),
    ('Samsonite - Tectonic Lifestyle Sweetwater Backpack for 15.6" Laptops - Black', "laptop_bag", 89.99, 60, ["any laptop"]),
    ('Herschel Supply Co. - Heritage Backpack for 15" Laptops - Navy', "laptop_bag", 64.99, 35, ["any laptop"]),
    ("Apple - 35W Dual USB-C Port Compact Power Adapter - White", "laptop_charger", 59.0, 120, ["MacBook Air"]),
    ("Apple - 140W USB-C Power Adapter - White", "laptop_charger", 99.0, 60, ["MacBook Pro"]),
    ("Dell - 65W USB-C Laptop Charger - Black", "laptop_charger", 49.99, 70, ["XPS 13", "XPS 15", "Inspiron 14", "Inspiron 15"]),
    ("Lenovo - 65W USB-C Laptop Power Adapter - Black", "laptop_charger", 49.99, 45, ["ThinkPad X1 Carbon Gen 11", "ThinkPad T14 Gen 4", "IdeaPad Slim 5"]),
    ("Insignia™ - 90W Universal Laptop Charger - Black", "laptop_charger", 59.99, 40, ["any laptop"]),
    ("Dell - Thunderbolt 4 Dock WD22TB4 - Black", "dock", 299.99, 30, ["any laptop"]),
    ("Anker - 7-in-1 USB-C Hub - Gray", "dock", 34.99, 85, ["any laptop"]),
    ("Apple - USB-C Digital AV Multiport Adapter - White", "dock", 69.0, 60, ["MacBook Air", "MacBook Pro"]),
    ("Satechi - USB-C Multiport Adapter for Apple® MacBook® - Space Gray", "dock", 79.99, 25, ["MacBook Air", "MacBook Pro"]),
]

IPAD_ACCESSORIES = [
    ("Apple - Smart Folio for iPad (10th generation) - White", "tablet_case", 79.0, 120, ["iPad (10th generation)"]),
    ("Apple - Smart Folio for iPad (10th generation) - Sky", "tablet_case", 79.0, 70, ["iPad (10th generation)"]),
    ("Apple - Smart Folio for iPad Air (5th generation) - Charcoal Gray", "tablet_case", 79.0, 60, ["iPad Air"]),
    ("OtterBox - Defender Series Case for Apple® iPad® (10th generation) - Black", "tablet_case", 69.99, 95, ["iPad (10th generation)"]),
    ("OtterBox - Symmetry Series Folio Case for Apple® iPad® (9th generation) - Black", "tablet_case", 59.99, 70, ["iPad (9th generation)"]),
    ("Insignia™ - Folio Case for Apple® iPad® (10th generation) - Black", "tablet_case", 29.99, 50, ["iPad (10th generation)"]),
    ("Insignia™ - Folio Case for Apple® iPad® mini (6th generation) - Blue", "tablet_case", 29.99, 30, ["iPad mini"]),
    ("Logitech - Combo Touch Keyboard Case for Apple® iPad® Air (5th generation) - Oxford Gray", "tablet_keyboard", 199.99, 55, ["iPad Air"]),
    ("Logitech - Rugged Folio Keyboard Case for Apple® iPad® (10th generation) - Graphite", "tablet_keyboard", 129.99, 40, ["iPad (10th generation)"]),
    ("Apple - Magic Keyboard for 11-inch iPad Pro - Black", "tablet_keyboard", 299.0, 80, ["iPad Pro 11", "iPad Air"]),
    ("Apple - Magic Keyboard Folio for iPad (10th generation) - White", "tablet_keyboard", 249.0, 50, ["iPad (10th generation)"]),
    ("Apple - Apple Pencil (2nd Generation) - White", "stylus", 129.0, 300, ["iPad Pro 11", "iPad Pro 12.9", "iPad Air", "iPad mini"]),
    ("Apple - Apple Pencil (USB-C) - White", "stylus", 79.0, 180, ["iPad (10th generation)", "iPad Air", "iPad Pro 11", "iPad mini"]),
    ("Apple - Apple Pencil (1st Generation) - White", "stylus", 99.0, 110, ["iPad (9th generation)", "iPad (10th generation)"]),
    ("Samsung - Galaxy Tab S9 Book Cover Keyboard - Black", "tablet_keyboard", 229.99, 40, ["Galaxy Tab S9"]),
    ("Samsung - Galaxy Tab S9 FE Book Cover - Gray", "tablet_case", 69.99, 30, ["Galaxy Tab S9 FE"]),
    ("Amazon - Fire HD 8 Tablet Cover (2022) - Black", "tablet_case", 34.99, 40, ["Fire HD 8"]),
    ("ZAGG - InvisibleShield Glass Elite Screen Protector for Apple® iPad® (10th generation) - Clear", "screen_protector", 49.99, 45, ["iPad (10th generation)"]),
]

MONITORS = [
    ('Samsung - Odyssey G5 27" QHD 165Hz 1ms FreeSync Premium Curved Gaming Monitor - Black', 27, True, 279.99, 160),
    ('Samsung - Odyssey G5 32" QHD 165Hz 1ms FreeSync Premium Curved Gaming Monitor - Black', 32, True, 329.99, 120),
    ('Samsung - Odyssey G7 28" 4K UHD 144Hz 1ms Gaming Monitor - Black', 28, True, 599.99, 90),
    ('Samsung - Odyssey OLED G9 49" DQHD 240Hz Curved Gaming Monitor - Silver', 49, True, 1399.99, 60),
    ('Samsung - 27" ViewFinity S70A 4K UHD Monitor - Black', 27, False, 299.99, 70),
    ('LG - UltraGear 27" QHD 165Hz 1ms Gaming Monitor - Black', 27, True, 299.99, 150),
    ('LG - UltraGear 32" QHD 165Hz Curved Gaming Monitor - Black', 32, True, 349.99, 80),
    ('LG - 27" IPS 4K UHD FreeSync Monitor with HDR - Black', 27, False, 279.99, 110),
    ('LG - 24" IPS FHD FreeSync Monitor - Black', 24, False, 129.99, 130),
    ('Dell - S2721DS 27" IPS QHD FreeSync Monitor - Silver', 27, False, 219.99, 120),
    ('Dell - SE2422H 24" FHD Monitor - Black', 24, False, 109.99, 150),
    ('Dell - S3222DGM 32" Curved QHD 165Hz Gaming Monitor - Black', 32, True, 299.99, 80),
    ('ASUS - TUF Gaming 27" FHD 165Hz 1ms Gaming Monitor - Black', 27, True, 199.99, 110),
    ('HP - 24mh 23.8" IPS FHD Monitor - Black', 24, False, 119.99, 90),
    ('Apple - 27" Studio Display with Standard Glass - Silver', 27, False, 1599.0, 70),
    ('Insignia™ - 24" FHD 75Hz Monitor - Black', 24, False, 89.99, 60),
]

PERIPHERALS = [
    ("Logitech - MX Master 3S Wireless Performance Mouse - Graphite", "mouse", 99.99, 260),
    ("Logitech - MX Master 3S Wireless Performance Mouse - Pale Gray", "mouse", 99.99, 120),
    ("Logitech - MX Keys S Wireless Keyboard - Graphite", "keyboard", 109.99, 150),
    ("Logitech - K380 Multi-Device Bluetooth Keyboard - Rose", "keyboard", 39.99, 110),
    ("Logitech - M185 Wireless Mouse - Gray", "mouse", 14.99, 200),
    ("Logitech - MK270 Wireless Keyboard and Mouse Combo - Black", "keyboard", 29.99, 210),
    ("Logitech - G502 HERO Wired Gaming Mouse - Black", "mouse", 49.99, 190, True),
    ("Logitech - G PRO X SUPERLIGHT Wireless Gaming Mouse - Black", "mouse", 159.99, 90, True),
    ("Logitech - G915 TKL Wireless Mechanical Gaming Keyboard - Black", "keyboard", 229.99, 60, True),
    ("Razer - DeathAdder V3 Wired Gaming Mouse - Black", "mouse", 69.99, 80, True),
    ("Razer - BlackWidow V4 Mechanical Gaming Keyboard - Black", "keyboard", 169.99, 60, True),
    ("Corsair - K70 RGB PRO Mechanical Gaming Keyboard - Black", "keyboard", 159.99, 55, True),
    ("Apple - Magic Keyboard with Touch ID - White", "keyboard", 149.0, 100),
    ("Apple - Magic Mouse - White", "mouse", 79.0, 120),
    ("Apple - Magic Trackpad - White", "mouse", 129.0, 60),
    ("Insignia™ - Wireless Optical Mouse - Black", "mouse", 14.99, 40),
    ("Logitech - C920s HD Pro Webcam - Black", "webcam", 69.99, 140),
    ("Logitech - Brio 4K Webcam - Black", "webcam", 199.99, 50),
]

PRINTERS = [
    ("HP - DeskJet 2755e Wireless All-In-One Inkjet Printer - White", "printer", 84.99, 180, "HP 67"),
    ("HP - ENVY 6055e Wireless All-In-One Inkjet Printer - White", "printer", 129.99, 140, "HP 67"),
    ("HP - OfficeJet Pro 9015e Wireless All-In-One Inkjet Printer - Gray", "printer", 229.99, 110, "HP 962"),
    ("Canon - PIXMA TR4720 Wireless All-In-One Inkjet Printer - Black", "printer", 99.99, 100, "Canon PG-245"),
    ("Canon - PIXMA MG3620 Wireless All-In-One Inkjet Printer - Black", "printer", 79.99, 90, "Canon PG-245"),
    ("Epson - EcoTank ET-2800 Wireless All-in-One Supertank Inkjet Printer - White", "printer", 199.99, 120, "Epson 502"),
    ("Epson - EcoTank ET-4850 Wireless All-in-One Supertank Inkjet Printer - White", "printer", 399.99, 60, "Epson 502"),
    ("Brother - HL-L2350DW Wireless Black-and-White Laser Printer - Gray", "printer", 159.99, 130, "Brother TN760"),
    ("Brother - MFC-L2750DW Wireless Black-and-White All-in-One Laser Printer - Gray", "printer", 299.99, 50, "Brother TN760"),
    ("HP - 67 Standard Capacity Ink Cartridge - Black", "ink", 19.99, 150, "HP 67"),
    ("HP - 67XL High-Yield Ink Cartridge - Black", "ink", 34.99, 120, "HP 67"),
    ("HP - 67 Standard Capacity Ink Cartridge - Tri-Color", "ink", 24.99, 100, "HP 67"),
    ("HP - 962XL High-Yield Ink Cartridge - Black", "ink", 49.99, 70, "HP 962"),
    ("HP - 962 3-Pack Standard Capacity Ink Cartridges - Cyan/Magenta/Yellow", "ink", 59.99, 50, "HP 962"),
    ("Canon - PG-245 Standard Capacity Ink Cartridge - Black", "ink", 21.99, 60, "Canon PG-245"),
    ("Epson - EcoTank 502 Ink Bottle - Black", "ink", 19.99, 55, "Epson 502"),
    ("Brother - TN760 High-Yield Toner Cartridge - Black", "ink", 79.99, 50, "Brother TN760"),
]

# title stem, kind, capacities, colours, base price, popularity, leaf
STORAGE = [
    ("Samsung - T7 {cap} External USB 3.2 Gen 2 Portable SSD", "portable_ssd", ["500GB", "1TB", "2TB"], ["Titan Gray", "Indigo Blue"], 69.99, 230, "External Hard Drives & SSDs"),
    ("SanDisk - Extreme Portable {cap} External USB-C SSD", "portable_ssd", ["1TB", "2TB"], ["Black"], 99.99, 170, "External Hard Drives & SSDs"),
    ("WD - My Passport {cap} External USB 3.0 Portable Hard Drive", "hard_drive", ["2TB", "5TB"], ["Black", "Blue"], 69.99, 160, "External Hard Drives & SSDs"),
    ("Seagate - Portable {cap} External USB 3.0 Hard Drive", "hard_drive", ["2TB", "4TB"], ["Black"], 64.99, 140, "External Hard Drives & SSDs"),
    ("Samsung - 990 PRO {cap} Internal PCIe Gen 4 x4 NVMe SSD", "internal_ssd", ["1TB", "2TB"], [None], 109.99, 150, "Internal Hard Drives & SSDs"),
    ("WD - BLACK SN850X {cap} Internal PCIe Gen 4 x4 NVMe SSD", "internal_ssd", ["1TB", "2TB"], [None], 89.99, 120, "Internal Hard Drives & SSDs"),
    ("Crucial - P3 Plus {cap} Internal PCIe Gen 4 NVMe SSD", "internal_ssd", ["1TB"], [None], 69.99, 80, "Internal Hard Drives & SSDs"),
    ("SanDisk - Ultra {cap} USB 3.0 Flash Drive", "flash_drive", ["32GB", "64GB", "128GB"], ["Black"], 9.99, 120, "USB Flash Drives"),
    ("Samsung - BAR Plus {cap} USB 3.1 Flash Drive", "flash_drive", ["64GB", "128GB", "256GB"], ["Champagne Silver"], 14.99, 90, "USB Flash Drives"),
]

NETWORKING = [
    ("eero - 6+ AX3000 Dual-Band Mesh Wi-Fi 6 System (1-pack) - White", "router", 139.99, 120),
    ("eero - 6+ AX3000 Dual-Band Mesh Wi-Fi 6 System (3-pack) - White", "router", 299.99, 150),
    ("eero - Pro 6E AXE5400 Tri-Band Mesh Wi-Fi 6E System (2-pack) - White", "router", 399.99, 70),
    ("NETGEAR - Nighthawk AX5400 Dual-Band Wi-Fi 6 Router - Black", "router", 229.99, 110),
    ("NETGEAR - Orbi AX4200 Tri-Band Mesh Wi-Fi 6 System (3-pack) - White", "router", 379.99, 60),
    ("TP-Link - Deco X55 AX3000 Mesh Wi-Fi 6 System (3-pack) - White", "router", 199.99, 140),
    ("TP-Link - Archer AX21 AX1800 Dual-Band Wi-Fi 6 Router - Black", "router", 79.99, 160),
    ("ASUS - RT-AX86U Pro AX5700 Dual-Band Wi-Fi 6 Gaming Router - Black", "router", 249.99, 50),
    ("TP-Link - AC1200 Wi-Fi Range Extender - White", "range_extender", 39.99, 90),
    ("NETGEAR - Nighthawk CM2000 DOCSIS 3.1 Cable Modem - Black", "modem", 199.99, 60),
]


def add_office(catalog):
    for title, kind, price, pop, compat in LAPTOP_ACCESSORIES:
        leaf = "Laptop Bags & Sleeves" if kind in ("laptop_sleeve", "laptop_bag") else "Laptop Chargers & Docks"
        catalog.simple(title, kind, price, pop, (ACC, "Laptop Accessories", leaf), compat=compat,
                       about="Made to carry, power or extend your laptop.")
    for title, kind, price, pop, compat in IPAD_ACCESSORIES:
        catalog.simple(title, kind, price, pop, (ACC, "Tablet Accessories", "Tablet Cases, Keyboards & Pencils"),
                       compat=compat, about="Protects and extends your tablet.")
    for title, size, gaming, price, pop in MONITORS:
        catalog.simple(title, "monitor", price, pop,
                       (ACC, "Monitors", "Gaming Monitors" if gaming else "Computer Monitors"),
                       about=f"A {size}-inch class computer monitor.",
                       attributes={"screen_size_in": size}, gaming=gaming, screen=size)
    for row in PERIPHERALS:
        title, kind, price, pop = row[:4]
        gaming = len(row) > 4
        leaf = {"mouse": "Mice", "keyboard": "Keyboards", "webcam": "Webcams"}[kind]
        catalog.simple(title, kind, price, pop, (ACC, "Keyboards, Mice & Webcams", leaf), gaming=gaming,
                       about="Wireless freedom and comfort." if "Wireless" in title else "")
    for title, kind, price, pop, ink in PRINTERS:
        leaf = "Printers" if kind == "printer" else "Printer Ink & Toner"
        catalog.simple(title, kind, price, pop, (ACC, "Printers & Ink", leaf), compat=[ink],
                       about=f"Uses {ink} ink." if kind == "printer" else f"Genuine {ink} supplies.")
    for stem, kind, caps, colours, price, pop, leaf in STORAGE:
        for i, cap in enumerate(caps):
            for j, colour in enumerate(colours):
                title = stem.format(cap=cap) + (f" - {colour}" if colour else "")
                gb = int(cap[:-2]) * (1024 if cap.endswith("TB") else 1)
                catalog.simple(title, kind, price * (1 + 0.8 * i), pop * (1.0 if i == 0 else 0.7) * (1.0 if j == 0 else 0.6),
                               (ACC, "Hard Drives & Storage", leaf), about="Fast, reliable storage for files, photos and games.",
                               attributes={"storage_gb": gb}, storage=gb)
    for title, kind, price, pop in NETWORKING:
        catalog.simple(title, kind, price, pop, (ACC, "Networking", "Routers & Mesh Wi-Fi"),
                       about="Fast, reliable wireless internet for your whole home.")
