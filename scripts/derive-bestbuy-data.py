#!/usr/bin/env python3
"""Derives src/seed/bestbuy/{categories,stores}.json, what `catalog seed` builds
its demo shop from, out of Best Buy's open data (CC0):

    python3 scripts/derive-bestbuy-data.py [../shared/data/bestbuy-open-data]

categories.json: the product departments' leaf categories, at most 3 levels
deep, one per line as {"path": [...], "kind": ..., "where": {...}}. `path`
holds Best Buy's own names (each category at its canonical path; aggregate
levels named "All ..." are skipped, deeper levels fold into their level-3
ancestor). `kind` names the product family of src/seed/vocabulary/*.json
that fills the leaf and `where` narrows it (a platform, a brand, a model),
both decided by RULES below; a leaf no rule names is left out (services,
gift cards, carrier plans, media, furniture ...).

stores.json: the big-box stores with name, city, state and coordinates,
ordered so that any prefix spreads over the country (a round robin over
states, the states with the most stores first).

Deterministic: the same input always gives the same files.
"""
import json
import os
import re
import sys
from collections import OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SOURCE = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "..", "shared", "data", "bestbuy-open-data")
OUT = os.path.join(REPO, "src", "seed", "bestbuy")

# Product departments, in the order a storefront lists them. The other roots
# are navigation groupings (Gift Ideas, Featured Offers, Name Brands, ...),
# services or media.
DEPARTMENTS = [
    "Cell Phones", "Computers & Tablets", "TV & Home Theater", "Audio",
    "Cameras & Camcorders", "Video Games", "Appliances", "Car Electronics & GPS",
    "Wearable Technology", "Connected Home & Housewares", "Health, Fitness & Beauty",
    "Toys, Games & Drones", "Musical Instruments",
]

PLATFORMS = {"PS4": "PlayStation 4", "PS3": "PlayStation 3", "Xbox One": "Xbox One",
             "Xbox 360": "Xbox 360", "Wii U": "Wii U", "Nintendo 3DS": "Nintendo 3DS"}

# (regular expression on "Department > Level 2 > Leaf", kind, where). The
# first match decides; a `where` value "\\1" is the expression's first group.
RULES = [
    # Cell Phones
    (r"^Cell Phones > (Unlocked Cell Phones|No-Contract Phones)$", "smartphone", {}),
    (r"^Cell Phones > Refurbished & Pre-Owned Phones > Refurbished Phones$", "smartphone", {"condition": "Refurbished"}),
    (r"^Cell Phones > iPhone > (iPhone .+)$", "smartphone", {"model": "\\1"}),
    (r"^Cell Phones > Samsung Galaxy > Samsung (Galaxy (?:S|Note).*)$", "smartphone", {"model": "\\1"}),
    (r"^Cell Phones > Samsung Galaxy > Samsung Galaxy Accessories$", "phone_case", {"compatible_with": "@galaxy_phones"}),
    (r"^Cell Phones > Cell Phone Accessories > iPhone Accessories$", "phone_case", {"compatible_with": "@iphones"}),
    (r"^Cell Phones > Cell Phone Accessories > Cell Phone Cases & Clips$", "phone_case", {}),
    (r"^Cell Phones > Cell Phone Accessories > Screen Protectors$", "screen_protector", {"compatible_with": "@phones"}),
    (r"^Cell Phones > Cell Phone Accessories > Adapters, Cables & Chargers$", "charger", {}),
    (r"^Cell Phones > Cell Phone Accessories > Cell Phone Batteries & Power$", "power_bank", {}),
    (r"^Cell Phones > Cell Phone Accessories > Car & Travel Accessories$", "phone_mount", {}),
    (r"^Cell Phones > Cell Phone Accessories > Cell Phone Headsets$", "earbuds", {}),
    (r"^Cell Phones > Cell Phone Accessories > Mobile Hotspots$", "hotspot", {}),
    (r"^Cell Phones > Cell Phone Accessories > Photography Accessories$", "phone_gimbal", {}),
    (r"^Cell Phones > Cell Phone Accessories > Signal Boosters$", "signal_booster", {}),
    (r"^Cell Phones > Cell Phone Accessories > Smart Tracker Tags$", "tracker_tag", {}),
    (r"^Cell Phones > Cell Phone Accessories > Smartwatches & Accessories$", "smartwatch", {}),
    # Computers & Tablets
    (r"^Computers & Tablets > Laptops > 2-in-1s$", "laptop", {"form_factor": "2-in-1"}),
    (r"^Computers & Tablets > Laptops > Business Laptops$", "business_laptop", {}),
    (r"^Computers & Tablets > Laptops > Chromebooks$", "chromebook", {}),
    (r"^Computers & Tablets > Laptops > Gaming Laptops$", "gaming_laptop", {}),
    (r"^Computers & Tablets > Laptops > MacBooks$", "macbook", {}),
    (r"^Computers & Tablets > Laptops > PC Laptops$", "laptop", {}),
    (r"^Computers & Tablets > Laptops > Refurbished Laptops$", "laptop", {"condition": "Refurbished"}),
    (r"^Computers & Tablets > Desktop & All-in-One Computers > All-in-One Computers$", "all_in_one", {}),
    (r"^Computers & Tablets > Desktop & All-in-One Computers > Apple iMac, Mini & Mac Pro$", "mac_desktop", {}),
    (r"^Computers & Tablets > Desktop & All-in-One Computers > Gaming Desktops$", "gaming_desktop", {}),
    (r"^Computers & Tablets > Desktop & All-in-One Computers > Towers Only$", "desktop", {}),
    (r"^Computers & Tablets > Desktop & All-in-One Computers > Refurbished Desktops$", "desktop", {"condition": "Refurbished"}),
    (r"^Computers & Tablets > Monitors > 4K Ultra HD Monitors$", "monitor", {"resolution": "4K UHD"}),
    (r"^Computers & Tablets > Monitors > Curved Monitors$", "monitor", {"curved": "Yes"}),
    (r"^Computers & Tablets > Monitors > IPS Monitors$", "monitor", {"panel": "IPS"}),
    (r"^Computers & Tablets > Monitors > (LCD|LED) Monitors$", "monitor", {}),
    (r"^Computers & Tablets > Tablets > iPad$", "tablet", {"brand": "Apple"}),
    (r"^Computers & Tablets > Tablets > 4G LTE Tablets$", "tablet", {"connectivity": "Wi-Fi + Cellular"}),
    (r"^Computers & Tablets > Tablets > Kids' Tablets$", "kids_tablet", {}),
    (r"^Computers & Tablets > Tablets > Refurbished Tablets$", "tablet", {"condition": "Refurbished"}),
    (r"^Computers & Tablets > E-Readers & Accessories > E-Readers$", "ereader", {}),
    (r"^Computers & Tablets > E-Readers & Accessories > E-Reader Accessories$", "ereader_cover", {}),
    (r"^Computers & Tablets > iPad & Tablet Accessories > Cases, Covers & Keyboard Folios$", "tablet_case", {}),
    (r"^Computers & Tablets > iPad & Tablet Accessories > iPad Accessories$", "tablet_case", {"compatible_with": "@ipads"}),
    (r"^Computers & Tablets > iPad & Tablet Accessories > Keyboards$", "tablet_keyboard", {}),
    (r"^Computers & Tablets > iPad & Tablet Accessories > Screen Protectors$", "screen_protector", {"compatible_with": "@tablets"}),
    (r"^Computers & Tablets > iPad & Tablet Accessories > Stylus Pens$", "stylus", {}),
    (r"^Computers & Tablets > iPad & Tablet Accessories > Chargers & Sync Cables$", "charging_cable", {}),
    (r"^Computers & Tablets > iPad & Tablet Accessories > A/V Cables & Adapters$", "usb_hub", {}),
    (r"^Computers & Tablets > iPad & Tablet Accessories > Stands & Mounts$", "device_stand", {}),
    (r"^Computers & Tablets > Computer Accessories & Peripherals > Cables & Connectors$", "usb_hub", {}),
    (r"^Computers & Tablets > Computer Accessories & Peripherals > Computer Speakers$", "computer_speakers", {}),
    (r"^Computers & Tablets > Computer Accessories & Peripherals > Graphics Tablets & Digital Pens$", "drawing_tablet", {}),
    (r"^Computers & Tablets > Computer Accessories & Peripherals > Hard Drives & Storage$", "hard_drive", {}),
    (r"^Computers & Tablets > Computer Accessories & Peripherals > Headsets & Microphones$", "pc_headset", {}),
    (r"^Computers & Tablets > Computer Accessories & Peripherals > Laptop Accessories$", "laptop_bag", {}),
    (r"^Computers & Tablets > Computer Accessories & Peripherals > Mice & Keyboards$", "keyboard_mouse", {}),
    (r"^Computers & Tablets > Computer Accessories & Peripherals > Monitor & Screen Accessories$", "monitor_mount", {}),
    (r"^Computers & Tablets > Computer Accessories & Peripherals > Surge Protectors & Power$", "surge_protector", {}),
    (r"^Computers & Tablets > Computer Accessories & Peripherals > USB Flash Drives$", "flash_drive", {}),
    (r"^Computers & Tablets > Computer Accessories & Peripherals > Webcams$", "webcam", {}),
    (r"^Computers & Tablets > Computer Cards & Components > CPUs / Processors$", "cpu", {}),
    (r"^Computers & Tablets > Computer Cards & Components > Computer Cases$", "pc_case", {}),
    (r"^Computers & Tablets > Computer Cards & Components > Fans, Heatsinks & Cooling$", "pc_cooling", {}),
    (r"^Computers & Tablets > Computer Cards & Components > GPUs/Video Graphics Cards$", "gpu", {}),
    (r"^Computers & Tablets > Computer Cards & Components > Memory \(RAM\)$", "memory", {}),
    (r"^Computers & Tablets > Computer Cards & Components > Motherboards$", "motherboard", {}),
    (r"^Computers & Tablets > Computer Cards & Components > Power Supplies$", "power_supply", {}),
    (r"^Computers & Tablets > Networking & Wireless > Routers$", "router", {}),
    (r"^Computers & Tablets > Networking & Wireless > DSL & Cable Modems and Gateways$", "modem", {}),
    (r"^Computers & Tablets > Networking & Wireless > Ethernet Hubs & Switches$", "network_switch", {}),
    (r"^Computers & Tablets > Networking & Wireless > PC Range Extenders$", "range_extender", {}),
    (r"^Computers & Tablets > Networking & Wireless > PC USB Wireless Adapters$", "wifi_adapter", {}),
    (r"^Computers & Tablets > Projectors$", "projector", {}),
    # TV & Home Theater
    (r"^TV & Home Theater > TVs > (4K Ultra HD|Smart) TVs$", "tv", {}),
    (r"^TV & Home Theater > TVs > LED TVs$", "tv", {"display_type": ["LED", "QLED", "Mini-LED"]}),
    (r"^TV & Home Theater > TVs > OLED TVs$", "tv", {"display_type": "OLED"}),
    (r"^TV & Home Theater > Blu-ray & DVD Players > Blu-ray Players$", "blu_ray_player", {}),
    (r"^TV & Home Theater > Blu-ray & DVD Players > DVD Players$", "dvd_player", {}),
    (r"^TV & Home Theater > Projectors & Screens > Projectors$", "projector", {}),
    (r"^TV & Home Theater > Streaming Media Players > 4K UHD Streaming Media Players$", "streaming_player", {}),
    (r"^TV & Home Theater > Streaming Media Players > Fire TV$", "streaming_player", {"brand": "Amazon"}),
    (r"^TV & Home Theater > Streaming Media Players > Google Chromecast$", "streaming_player", {"brand": "Google"}),
    (r"^TV & Home Theater > Streaming Media Players > NVIDIA Shield$", "streaming_player", {"brand": "NVIDIA"}),
    (r"^TV & Home Theater > Streaming Media Players > Roku$", "streaming_player", {"brand": "Roku"}),
    (r"^TV & Home Theater > TV & Home Theater Accessories > A/V Cables & Connectors$", "av_cable", {}),
    (r"^TV & Home Theater > TV & Home Theater Accessories > A/V Surge Protectors & Power$", "surge_protector", {}),
    (r"^TV & Home Theater > TV & Home Theater Accessories > Remote Controls$", "universal_remote", {}),
    (r"^TV & Home Theater > TV & Home Theater Accessories > TV Antennas$", "tv_antenna", {}),
    (r"^TV & Home Theater > TV Stands, Mounts & Furniture > TV Mounts$", "tv_mount", {}),
    (r"^TV & Home Theater > TV Stands, Mounts & Furniture > TV Stands$", "tv_stand", {}),
    (r"^TV & Home Theater > TV Stands, Mounts & Furniture > Projector Mounts & Screens$", "projector_screen", {}),
    # Audio
    (r"^Audio > Headphones > Earbud & In-Ear Headphones$", "earbuds", {}),
    (r"^Audio > Headphones > (Over-Ear & On-Ear|Wireless) Headphones$", "headphones", {}),
    (r"^Audio > Headphones > Sports Headphones$", "sports_headphones", {}),
    (r"^Audio > Headphones > Kids' Headphones$", "kids_headphones", {}),
    (r"^Audio > Headphones > Studio Headphones$", "studio_headphones", {}),
    (r"^Audio > Bluetooth & Wireless Speakers > Portable Speakers$", "portable_speaker", {}),
    (r"^Audio > Bluetooth & Wireless Speakers > Water-Resistant Speakers$", "portable_speaker", {"water_resistance": ["IP67", "IPX7"]}),
    (r"^Audio > Bluetooth & Wireless Speakers > In-Home Speakers$", "smart_speaker", {}),
    (r"^Audio > Home Audio > Wireless & Multiroom Audio$", "smart_speaker", {"brand": ["Sonos", "Bose", "Denon", "Bluesound"]}),
    (r"^Audio > Home Audio > CD Players & Turntables$", "turntable", {}),
    (r"^Audio > Home Audio > Home Theater Systems$", "soundbar", {}),
    (r"^Audio > Home Audio > Receivers & Amplifiers$", "av_receiver", {}),
    (r"^Audio > Home Audio > Speakers$", "home_speaker", {}),
    (r"^Audio > Docks, Radios & Boomboxes > Radios$", "radio", {}),
    (r"^Audio > iPod and MP3 Players > MP3 Players$", "mp3_player", {}),
    (r"^Audio > iPod and MP3 Players > iPods$", "mp3_player", {"brand": "Apple"}),
    # Cameras & Camcorders
    (r"^Cameras & Camcorders > Digital Cameras > Digital SLR Cameras$", "dslr", {}),
    (r"^Cameras & Camcorders > Digital Cameras > Mirrorless Cameras$", "mirrorless", {}),
    (r"^Cameras & Camcorders > Digital Cameras > Point & Shoot Cameras$", "point_and_shoot", {}),
    (r"^Cameras & Camcorders > Camcorders > 360 Degree Cameras$", "camera_360", {}),
    (r"^Cameras & Camcorders > Camcorders > Action Camcorders$", "action_camera", {}),
    (r"^Cameras & Camcorders > Camcorders > (Professional|Traditional) Camcorders$", "camcorder", {"camcorder_type": "\\1"}),
    (r"^Cameras & Camcorders > Camcorder Accessories > Action Camcorder Accessories$", "action_cam_accessory", {}),
    (r"^Cameras & Camcorders > Camcorder Accessories > Camcorder Bags & Cases$", "camera_bag", {}),
    (r"^Cameras & Camcorders > Camcorder Accessories > Camcorder Batteries & Power$", "camera_battery", {}),
    (r"^Cameras & Camcorders > Camcorder Accessories > Microphones$", "camera_mic", {}),
    (r"^Cameras & Camcorders > Digital Camera Accessories > Camera Bags, Cases & Straps$", "camera_bag", {}),
    (r"^Cameras & Camcorders > Digital Camera Accessories > Camera Batteries & Power$", "camera_battery", {}),
    (r"^Cameras & Camcorders > Digital Camera Accessories > Camera Lenses$", "lens", {}),
    (r"^Cameras & Camcorders > Digital Camera Accessories > Digital Photo Frames$", "photo_frame", {}),
    (r"^Cameras & Camcorders > Digital Camera Accessories > Filters & Accessories$", "lens_filter", {}),
    (r"^Cameras & Camcorders > Digital Camera Accessories > Flashes, Lighting & Studio$", "camera_flash", {}),
    (r"^Cameras & Camcorders > Digital Camera Accessories > Tripods & Monopods$", "tripod", {}),
    (r"^Cameras & Camcorders > Memory Cards > Micro SD \(SD, SDHC, SDXC\)$", "memory_card", {"card_format": "microSDXC"}),
    (r"^Cameras & Camcorders > Memory Cards > Secure Digital \(SD, SDHC, SDXC\)$", "memory_card", {"card_format": "SDXC"}),
    (r"^Cameras & Camcorders > Memory Cards > Compact Flash$", "memory_card", {"card_format": "CompactFlash"}),
    (r"^Cameras & Camcorders > Memory Cards > Memory Card Readers & Adapters$", "card_reader", {}),
    (r"^Cameras & Camcorders > Binoculars, Telescopes & Optics > Binoculars$", "binoculars", {}),
    (r"^Cameras & Camcorders > Binoculars, Telescopes & Optics > Telescopes$", "telescope", {}),
    (r"^Cameras & Camcorders > Trail Cameras & Rangefinders > Trail Cameras$", "trail_camera", {}),
    # Video Games: today's platforms, by platform
    (r"^Video Games > [^>]+ > (PS4|PS3|Xbox One|Xbox 360|Wii U|Nintendo 3DS) Consoles$", "console", {"platform": "\\1"}),
    (r"^Video Games > [^>]+ > (PS4|PS3|Xbox One|Xbox 360|Wii U|Nintendo 3DS) Games$", "video_game", {"platform": "\\1"}),
    (r"^Video Games > [^>]+ > (PS4|PS3|Xbox One|Xbox 360|Wii U|Nintendo 3DS) Accessories$", "game_accessory", {"platform": "\\1"}),
    (r"^Video Games > PC Gaming > PC Games$", "video_game", {"platform": "PC"}),
    (r"^Video Games > PC Gaming > Gaming Accessories & Peripherals$", "gaming_peripheral", {}),
    (r"^Video Games > PC Gaming > Gaming Monitors$", "monitor", {"use": "Gaming"}),
    (r"^Video Games > PC Gaming > Virtual Reality$", "vr_headset", {}),
    (r"^Video Games > Video Game Accessories > Gaming Headsets$", "gaming_headset", {}),
    (r"^Video Games > Video Game Accessories > PC Gaming Controllers$", "game_accessory", {"platform": "PC"}),
    (r"^Video Games > Video Game Accessories > Game Capture Devices$", "capture_card", {}),
    # Appliances
    (r"^Appliances > Refrigerators > (French Door|Side-by-Side|Top-Freezer|Bottom-Freezer) Refrigerators$", "refrigerator", {"style": "\\1"}),
    (r"^Appliances > Refrigerators > Compact Refrigerators$", "mini_fridge", {}),
    (r"^Appliances > Refrigerators > Beverage Refrigerators$", "beverage_cooler", {"cooler_type": "Beverage"}),
    (r"^Appliances > Refrigerators > Wine Refrigerators & Coolers$", "beverage_cooler", {"cooler_type": "Wine"}),
    (r"^Appliances > Washers & Dryers > Washing Machines$", "washer", {}),
    (r"^Appliances > Washers & Dryers > Dryers$", "dryer", {}),
    (r"^Appliances > Washers & Dryers > Washer Dryer Combos$", "washer_dryer_combo", {}),
    (r"^Appliances > Dishwashers > Built-In Dishwashers$", "dishwasher", {}),
    (r"^Appliances > Freezers & Ice Makers > (Chest|Upright) Freezers$", "freezer", {"style": "\\1"}),
    (r"^Appliances > Freezers & Ice Makers > Ice Makers$", "ice_maker", {}),
    (r"^Appliances > Heating, Cooling & Air Quality > Air Conditioners$", "air_conditioner", {}),
    (r"^Appliances > Heating, Cooling & Air Quality > Air Purifiers$", "air_purifier", {}),
    (r"^Appliances > Heating, Cooling & Air Quality > Dehumidifiers$", "dehumidifier", {}),
    (r"^Appliances > Heating, Cooling & Air Quality > Humidifiers$", "humidifier", {}),
    (r"^Appliances > Heating, Cooling & Air Quality > Fans$", "fan", {}),
    (r"^Appliances > Heating, Cooling & Air Quality > Heaters$", "space_heater", {}),
    (r"^Appliances > Heating, Cooling & Air Quality > Thermostats$", "thermostat", {}),
    (r"^Appliances > Irons, Steamers & Sewing Machines > Irons$", "iron", {}),
    (r"^Appliances > Irons, Steamers & Sewing Machines > Sewing Machines$", "sewing_machine", {}),
    (r"^Appliances > Microwaves > (Countertop|Over-the-Range|Built-In) Microwaves$", "microwave", {"style": "\\1"}),
    (r"^Appliances > Ranges, Cooktops & Ovens > Ranges$", "range", {}),
    (r"^Appliances > Ranges, Cooktops & Ovens > Cooktops$", "cooktop", {}),
    (r"^Appliances > Ranges, Cooktops & Ovens > Wall Ovens$", "wall_oven", {}),
    (r"^Appliances > Ranges, Cooktops & Ovens > Range Hoods$", "range_hood", {}),
    (r"^Appliances > Small Kitchen Appliances > Blenders & Juicers$", "blender", {}),
    (r"^Appliances > Small Kitchen Appliances > Coffee, Tea & Espresso$", "coffee_maker", {}),
    (r"^Appliances > Small Kitchen Appliances > Cookware, Bakeware & Cutlery$", "cookware", {}),
    (r"^Appliances > Small Kitchen Appliances > Deep Fryers$", "air_fryer", {}),
    (r"^Appliances > Small Kitchen Appliances > Electric Griddles & Hotplates$", "griddle", {}),
    (r"^Appliances > Small Kitchen Appliances > Food Processors & Baby Food Makers$", "food_processor", {}),
    (r"^Appliances > Small Kitchen Appliances > Mixers & Mixer Accessories$", "stand_mixer", {}),
    (r"^Appliances > Small Kitchen Appliances > Slow Cookers, Crock Pots & Roaster Ovens$", "slow_cooker", {}),
    (r"^Appliances > Small Kitchen Appliances > Steamers, Rice Cookers & Pressure Cookers$", "pressure_cooker", {}),
    (r"^Appliances > Small Kitchen Appliances > Toaster & Pizza Ovens$", "toaster_oven", {}),
    (r"^Appliances > Small Kitchen Appliances > Toasters$", "toaster", {}),
    (r"^Appliances > Small Kitchen Appliances > Waffle Makers$", "waffle_maker", {}),
    (r"^Appliances > Vacuum Cleaners & Floor Care > (Upright|Canister) Vacuums$", "vacuum", {"style": "\\1"}),
    (r"^Appliances > Vacuum Cleaners & Floor Care > (Cordless Vacuums|Handheld & Stick Vacuums)$", "stick_vacuum", {}),
    (r"^Appliances > Vacuum Cleaners & Floor Care > Robot Vacuums$", "robot_vacuum", {}),
    (r"^Appliances > Vacuum Cleaners & Floor Care > Carpet Cleaners$", "carpet_cleaner", {}),
    (r"^Appliances > Appliance Parts & Accessories > Refrigerator Parts & Accessories$", "water_filter", {}),
    # Car Electronics & GPS
    (r"^Car Electronics & GPS > Car Audio > Car Stereo Receivers$", "car_stereo", {}),
    (r"^Car Electronics & GPS > Car Audio > Car Speakers$", "car_speaker", {}),
    (r"^Car Electronics & GPS > Car Audio > Car Subwoofers & Enclosures$", "car_subwoofer", {}),
    (r"^Car Electronics & GPS > Car Audio > Car Amplifiers$", "car_amplifier", {}),
    (r"^Car Electronics & GPS > Car Audio > Satellite Radios$", "satellite_radio", {}),
    (r"^Car Electronics & GPS > Car Safety & Convenience > Back-Up & Dash Cameras$", "dash_cam", {}),
    (r"^Car Electronics & GPS > Car Safety & Convenience > Radar Detectors$", "radar_detector", {}),
    (r"^Car Electronics & GPS > Car Security & Remote Starters > Remote Starters & Keyless Entry Systems$", "remote_starter", {}),
    (r"^Car Electronics & GPS > GPS Navigation & Accessories > Portable GPS$", "car_gps", {}),
    (r"^Car Electronics & GPS > GPS Navigation & Accessories > Handheld GPS$", "handheld_gps", {}),
    (r"^Car Electronics & GPS > Electric Bikes & Scooters > Electric Bikes$", "ebike", {}),
    (r"^Car Electronics & GPS > Electric Bikes & Scooters > Electric Scooters$", "escooter", {}),
    (r"^Car Electronics & GPS > Car Installation Parts & Accessories > More Car Accessories$", "car_accessory", {}),
    # Wearable Technology
    (r"^Wearable Technology > Apple Watch > Apple Watch$", "smartwatch", {"brand": "Apple"}),
    (r"^Wearable Technology > Apple Watch > Apple Watch Accessories$", "watch_band", {}),
    (r"^Wearable Technology > Virtual Reality Headsets$", "vr_headset", {}),
    # Connected Home & Housewares
    (r"^Connected Home & Housewares > Connected Home > Security Cameras & Surveillance$", "security_camera", {}),
    (r"^Connected Home & Housewares > Connected Home > Smart Door Locks$", "smart_lock", {}),
    (r"^Connected Home & Housewares > Connected Home > Smart Lighting$", "smart_light", {}),
    (r"^Connected Home & Housewares > Connected Home > Home Alarms & Sensors$", "home_alarm", {}),
    (r"^Connected Home & Housewares > Connected Home > Appliance & Outlet Control$", "smart_plug", {}),
    (r"^Connected Home & Housewares > Connected Home > Baby Monitors$", "baby_monitor", {}),
    (r"^Connected Home & Housewares > Connected Home > Garage Door Openers$", "garage_opener", {}),
    (r"^Connected Home & Housewares > Connected Home > Remote Home Monitoring Systems$", "video_doorbell", {}),
    (r"^Connected Home & Housewares > Batteries & Power > Electric Car Chargers$", "ev_charger", {}),
    (r"^Connected Home & Housewares > Housewares > Household Batteries$", "batteries", {}),
    (r"^Connected Home & Housewares > Household Essentials > Flashlights & Portable Lights$", "flashlight", {}),
    (r"^Connected Home & Housewares > Household Essentials > Luggage, Bags & Travel$", "backpack", {}),
    (r"^Connected Home & Housewares > Office Electronics > Printers, Ink & Toner$", "printer", {}),
    (r"^Connected Home & Housewares > Office Electronics > Calculators$", "calculator", {}),
    (r"^Connected Home & Housewares > Office Electronics > Labelers & Accessories$", "label_maker", {}),
    (r"^Connected Home & Housewares > Office Electronics > Shredders$", "shredder", {}),
    (r"^Connected Home & Housewares > Office & School Supplies > Printer Ink & Toner$", "ink", {}),
    (r"^Connected Home & Housewares > Office Furniture & Storage > Office Chairs$", "office_chair", {}),
    (r"^Connected Home & Housewares > Office Furniture & Storage > Desks$", "desk", {}),
    (r"^Connected Home & Housewares > Office Furniture & Storage > Desk Lamps$", "desk_lamp", {}),
    (r"^Connected Home & Housewares > Scanners, Faxes & Copiers > (Flatbed|Sheetfed|Portable) Scanners$", "scanner", {"scanner_type": "\\1"}),
    (r"^Connected Home & Housewares > Telephones & Communication > Cordless Telephones$", "cordless_phone", {}),
    (r"^Connected Home & Housewares > Telephones & Communication > Two-Way Radios$", "two_way_radio", {}),
    # Health, Fitness & Beauty
    (r"^Health, Fitness & Beauty > Activity Trackers & Pedometers$", "fitness_tracker", {}),
    (r"^Health, Fitness & Beauty > Fitness & GPS Watches$", "gps_watch", {}),
    (r"^Health, Fitness & Beauty > Health Monitoring & Testing > Blood Pressure Monitors$", "blood_pressure_monitor", {}),
    (r"^Health, Fitness & Beauty > Personal Care & Beauty > Hair Care$", "hair_tool", {}),
    (r"^Health, Fitness & Beauty > Personal Care & Beauty > Massagers & Spa$", "massager", {}),
    (r"^Health, Fitness & Beauty > Personal Care & Beauty > Oral Care$", "toothbrush", {}),
    (r"^Health, Fitness & Beauty > Personal Care & Beauty > Scales$", "smart_scale", {}),
    (r"^Health, Fitness & Beauty > Personal Care & Beauty > Shavers & Trimmers$", "shaver", {}),
    (r"^Health, Fitness & Beauty > Sports & Outdoor Recreation > Coolers$", "cooler", {}),
    (r"^Health, Fitness & Beauty > Health & Fitness Accessories > Water Bottles$", "water_bottle", {}),
    (r"^Health, Fitness & Beauty > Strength & Weight Training > Weights$", "dumbbells", {}),
    # Toys, Games & Drones
    (r"^Toys, Games & Drones > Drones & Accessories > Drones with Camera$", "drone", {}),
    (r"^Toys, Games & Drones > Drones & Accessories > Drone Accessories$", "drone_accessory", {}),
    (r"^Toys, Games & Drones > Building Sets & Blocks$", "building_set", {}),
    (r"^Toys, Games & Drones > Action Figures$", "action_figure", {}),
    (r"^Toys, Games & Drones > TV, Movie & Character Toys > (Star Wars|Disney)$", "collectible", {"franchise": "\\1"}),
    (r"^Toys, Games & Drones > TV, Movie & Character Toys > More Pop Culture Merchandise$", "collectible", {}),
    (r"^Toys, Games & Drones > Games, Puzzles & Cards > Board Games$", "board_game", {}),
    (r"^Toys, Games & Drones > Games, Puzzles & Cards > Puzzles$", "puzzle", {}),
    (r"^Toys, Games & Drones > Remote Control Toys > Remote Control Cars & Trucks$", "rc_car", {}),
    (r"^Toys, Games & Drones > Robots & Robotic Kits > Robots$", "robot", {}),
    (r"^Toys, Games & Drones > Robots & Robotic Kits > Robotic Kits$", "stem_kit", {}),
    (r"^Toys, Games & Drones > Rideables & Outdoor Play > Powered Riding Toys$", "hoverboard", {}),
    (r"^Toys, Games & Drones > Stuffed Animals & Plush Toys$", "plush", {}),
    (r"^Toys, Games & Drones > Kids' Electronics > Kids' Cameras$", "kids_camera", {}),
    # Musical Instruments
    (r"^Musical Instruments > Guitars > Acoustic Guitars$", "acoustic_guitar", {}),
    (r"^Musical Instruments > Guitars > Electric Guitars$", "electric_guitar", {}),
    (r"^Musical Instruments > Guitars > Bass Guitars$", "bass_guitar", {}),
    (r"^Musical Instruments > Folk Instruments > Ukuleles$", "ukulele", {}),
    (r"^Musical Instruments > Amps & Effects > Electric Guitar Amps$", "guitar_amp", {}),
    (r"^Musical Instruments > Amps & Effects > Effects$", "effects_pedal", {}),
    (r"^Musical Instruments > Keyboards > Digital Pianos$", "digital_piano", {}),
    (r"^Musical Instruments > Keyboards > Portable Keyboards$", "portable_keyboard", {}),
    (r"^Musical Instruments > Keyboards > Midi Keyboards & Controllers$", "midi_controller", {}),
    (r"^Musical Instruments > Keyboards > Synths & Workstations$", "synthesizer", {}),
    (r"^Musical Instruments > Drums & Percussion > Electronic Drums$", "electronic_drums", {}),
    (r"^Musical Instruments > Recording Equipment > Audio Interfaces$", "audio_interface", {}),
    (r"^Musical Instruments > Recording Equipment > Studio Monitors$", "studio_monitor", {}),
    (r"^Musical Instruments > Microphones & Live Sound > Microphones & Accessories$", "microphone", {}),
    (r"^Musical Instruments > Microphones & Live Sound > Live Sound Speakers$", "pa_speaker", {}),
    (r"^Musical Instruments > Microphones & Live Sound > PA Mixers$", "mixer", {}),
    (r"^Musical Instruments > DJ & Lighting Equipment > DJ Console Systems$", "dj_controller", {}),
    (r"^Musical Instruments > Karaoke > Karaoke Machines$", "karaoke", {}),
    (r"^Musical Instruments > Musical Instrument Accessories > Guitar Accessories$", "guitar_accessory", {}),
]
RULES = [(re.compile(pattern), kind, where) for pattern, kind, where in RULES]


def category_paths(categories):
    """Each category's names from its department down, at most 3 levels."""
    paths = set()
    for category in categories:
        names = [" ".join((step["name"] or "").split()) for step in category["path"]]
        if names[0] not in DEPARTMENTS or not all(names):
            continue
        names = [n for n in names if not n.startswith("All ")]
        paths.add(tuple(names[:3]))
    return paths


def leaves(paths):
    parents = {path[:-1] for path in paths}
    return sorted((p for p in paths if len(p) >= 2 and p not in parents),
                  key=lambda p: (DEPARTMENTS.index(p[0]), [n.lower() for n in p]))


def classify(path):
    text = " > ".join(path)
    for pattern, kind, where in RULES:
        match = pattern.search(text)
        if match:
            resolved = {}
            for key, value in where.items():
                if isinstance(value, str) and "\\1" in value:
                    value = match.expand(value)
                    value = PLATFORMS.get(value, value)
                resolved[key] = value
            return kind, resolved
    return None


def derive_categories(categories):
    out = []
    for path in leaves(category_paths(categories)):
        found = classify(path)
        if found:
            kind, where = found
            entry = OrderedDict([("path", list(path)), ("kind", kind)])
            if where:
                entry["where"] = where
            out.append(entry)
    unused = [r.pattern for r, _, _ in RULES
              if not any(r.search(" > ".join(e["path"])) for e in out)]
    if unused:
        sys.exit(f"rules that match no category (the data changed?): {unused}")
    return out


def derive_stores(stores):
    by_state = OrderedDict()
    for store in sorted((s for s in stores if s["type"] == "BigBox"), key=lambda s: s["id"]):
        by_state.setdefault(store["state"], []).append(store)
    states = sorted(by_state, key=lambda s: (-len(by_state[s]), s))
    out = []
    for i in range(max(len(v) for v in by_state.values())):
        for state in states:
            if i < len(by_state[state]):
                s = by_state[state][i]
                out.append(OrderedDict([
                    ("name", s["name"].strip()), ("city", s["city"].strip()), ("state", state),
                    ("latitude", round(s["location"]["lat"], 5)),
                    ("longitude", round(s["location"]["lon"], 5)),
                ]))
    return out


def write_lines(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        f.write("[\n")
        f.write(",\n".join(json.dumps(row, ensure_ascii=False) for row in rows))
        f.write("\n]\n")


def main():
    with open(os.path.join(SOURCE, "categories.json"), encoding="utf-8") as f:
        categories = derive_categories(json.load(f))
    with open(os.path.join(SOURCE, "stores.json"), encoding="utf-8") as f:
        stores = derive_stores(json.load(f))
    os.makedirs(OUT, exist_ok=True)
    write_lines(os.path.join(OUT, "categories.json"), categories)
    write_lines(os.path.join(OUT, "stores.json"), stores)
    kinds = sorted({c["kind"] for c in categories})
    print(f"{len(categories)} leaf categories of {len(kinds)} kinds, {len(stores)} stores -> {OUT}")


if __name__ == "__main__":
    main()
