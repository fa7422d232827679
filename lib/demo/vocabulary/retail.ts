/**
 * Retail and consumer goods: consumer electronics, apparel and footwear, stores. Brand names here
 * are invented (Lumora, Stridewell, ...) so that no real trademark ends up in the demo, but they
 * play the same role as real ones: a brand level below an IAB leaf.
 */
import { brandLabels, type FamilyVocabulary, type LabelVocabulary } from "./types";

const televisions: FamilyVocabulary = {
  kind: "product",
  names: [
    "Product/Electronics/TVs/{brand}",
    "Consumer Electronics > TV > {brand}",
    "{brand} Televisions",
    "Electronics/Smart TV/{brand}",
  ],
  advertisers: [
    "{brand}",
    "{brand} Official Store",
    "ScreenCity Electronics",
    "Big Picture Outlet",
  ],
  items: ['65" 4K smart TV', "OLED TV", '55" QLED', "85-inch Mini-LED TV", "{model} series TV"],
  lines: [
    "Brilliant 4K HDR picture with Dolby Vision",
    "Game mode with 144Hz refresh",
    "Streaming apps built in",
    "The {brand} {model}: cinema at home",
    "Thinner than ever. Brighter than ever.",
  ],
  offers: [
    "Save ${price} on {brand} {model}",
    "{pct}% off select TVs this weekend",
    'Free wall mount with any 65"+',
  ],
  priceRange: [100, 600],
  confusable: [
    "Personal/Consumer Telecom > Home Television Services",
    "Media > Music and Video Streaming Services",
  ],
};

const headphones: FamilyVocabulary = {
  kind: "product",
  names: [
    "Audio/Headphones/{brand}",
    "Product/Electronics/Earbuds/{brand}",
    "{brand} Headphones",
    "Consumer Electronics > Audio > {brand}",
  ],
  advertisers: ["{brand}", "{brand} Audio", "SoundHouse", "EarGear Direct"],
  items: [
    "noise-cancelling headphones",
    "wireless earbuds",
    "{model} over-ear",
    "sport earbuds",
    "{model} Pro buds",
  ],
  lines: [
    "Adaptive noise cancelling blocks the world out",
    "30-hour battery, fast charge in 10 min",
    "Studio sound. Zero wires.",
    "Sweat-proof fit for every workout",
    "The new {brand} {model}",
  ],
  offers: ["Now ${price}", "{pct}% off {brand} {model}", "Free engraving & case"],
  priceRange: [49, 349],
  confusable: ["Media > Music and Video Streaming Services"],
};

const laptops: FamilyVocabulary = {
  kind: "product",
  names: [
    "Computers/Laptops/{brand}",
    "Product/Electronics/Notebooks/{brand}",
    "{brand} Laptop",
    "Consumer Electronics > PCs > {brand}",
  ],
  advertisers: ["{brand}", "{brand} Store", "ByteMart", "CampusTech Outlet"],
  items: [
    "{model} ultrabook",
    "gaming laptop",
    "2-in-1 convertible",
    '14" {model}',
    "student laptop",
  ],
  lines: [
    "All-day battery, under 3 lbs",
    "Built for creators: 32GB RAM, RTX graphics",
    "Back to school with the {brand} {model}",
    "Powerful enough for work, light enough for anywhere",
  ],
  offers: ["From ${price}", "Students save {pct}%", "Free upgrade to 1TB SSD"],
  priceRange: [499, 1499],
  confusable: ["Computer Software > Personal Computer Software"],
};

const footwear: FamilyVocabulary = {
  kind: "product",
  names: [
    "Apparel/Shoes/{brand}",
    "Product/Footwear/{brand}",
    "{brand} Shoes",
    "Clothing > Footwear > {brand} Sneakers",
  ],
  advertisers: ["{brand}", "{brand} Footwear", "Sole Society Shoes", "StepUp Shoe Co."],
  items: [
    "running shoes",
    "trail runners",
    "{model} sneakers",
    "waterproof hiking boots",
    "slip-on loafers",
    "kids' sneakers",
  ],
  lines: [
    "Cushioned for every mile",
    "The {model}: lighter, faster, grippier",
    "Free returns, always",
    "Built for the trail, styled for the city",
    "New colorways just dropped",
  ],
  offers: ["{pct}% off {model}", "BOGO 50% off", "From ${price}", "Free shipping both ways"],
  priceRange: [39, 159],
  confusable: ["Sporting Goods > Athletics Equipment"],
};

const grocery: FamilyVocabulary = {
  kind: "service",
  names: [
    "Retail/Grocery/{brand}",
    "Supermarket/{brand}",
    "{brand} Grocery Store",
    "Food Retail > {brand}",
  ],
  advertisers: ["{brand}", "{brand} Market", "{brand} {city}"],
  items: [
    "weekly circular",
    "fresh produce",
    "grocery delivery",
    "curbside pickup",
    "store-brand staples",
    "deli platters",
  ],
  lines: [
    "Fresh produce delivered daily",
    "Order online, pick up in 1 hour",
    "Weekly deals on your favorites",
    "Digital coupons in the {brand} app",
    "Locally grown, fairly priced",
  ],
  offers: [
    "$10 off your first delivery",
    "{pct}% off organic produce",
    "Buy 2 get 1 free",
    "Earn 2x points this week",
  ],
  priceRange: [2, 15],
  confusable: ["Food and Beverage Services > Food Delivery Services"],
};

/** Brand-level retail labels from the taxonomy extension. */
export const retailBrandLabels: LabelVocabulary[] = [
  ...brandLabels("Consumer Electronics > Televisions", televisions, [
    { name: "Lumora", models: ["L7", "Vivid X", "Aura OLED"] },
    { name: "Vextra", models: ["V-Series", "QX900", "Nova"] },
  ]),
  ...brandLabels("Consumer Electronics > Headphones", headphones, [
    { name: "Sonivo", models: ["Pulse", "Quiet 3", "Air"] },
    { name: "Aurelle", models: ["Halo", "Studio One", "Flow"] },
  ]),
  ...brandLabels("Consumer Electronics > Computers > Laptops", laptops, [
    { name: "Kestrel", models: ["Swift 14", "Aero", "Kestrel Pro"] },
    { name: "Orbitek", models: ["Orbit X", "Zephyr Air", "Titan 16"] },
  ]),
  ...brandLabels("Clothing and Accessories > Footwear", footwear, [
    { name: "Stridewell", models: ["Glide 5", "Cloudrun", "Tempo"] },
    { name: "Trailpeak", models: ["Ridge GTX", "Summit Low", "Scree"] },
  ]),
  ...brandLabels("Retail > Grocery Stores and Supermarkets", grocery, [
    { name: "FreshCart", models: [] },
    { name: "GreenBasket", models: [] },
  ]),
];

/** Retail and consumer goods leaves without a brand level. */
export const retailLabels: LabelVocabulary[] = [
  {
    path: "Consumer Electronics > Mobile Phones and Accessories",
    kind: "product",
    names: [
      "Electronics/Smartphones",
      "Mobile Phones & Cases",
      "Product/Electronics/Phone Accessories",
      "Cell Phones",
    ],
    advertisers: ["PhoneHub", "CaseCraft", "ChargeUp Accessories", "{city} Wireless Depot"],
    items: [
      "unlocked smartphone",
      "phone case",
      "fast charger",
      "screen protector",
      "MagSafe wallet",
      "refurbished phone",
    ],
    lines: [
      "Drop-tested to 12 feet",
      "Charge to 50% in 20 minutes",
      "Unlocked - works on every carrier",
      "Lifetime screen protector replacement",
    ],
    offers: ["{pct}% off cases", "Trade in & save up to ${price}", "2 for $25 chargers"],
    priceRange: [100, 400],
    confusable: ["Personal/Consumer Telecom > Mobile Phone Plans"],
  },
  {
    path: "Consumer Electronics > Video Game Consoles",
    kind: "product",
    names: [
      "Gaming Consoles",
      "Video Games/Hardware",
      "Product/Electronics/Game Console",
      "Gaming > Consoles",
    ],
    advertisers: ["GameVault", "Level Up Games", "PixelPlay Store", "{city} Game Exchange"],
    items: [
      "next-gen console",
      "console bundle",
      "handheld console",
      "refurbished console",
      "console + 2 controllers",
    ],
    lines: [
      "In stock now - limited quantities",
      "4K gaming at 120fps",
      "Bundle includes 3 games",
      "Trade in your old console for credit",
    ],
    offers: ["Bundles from ${price}", "$50 trade-in credit", "Free game with console"],
    priceRange: [249, 499],
    confusable: ["Consumer Packaged Goods > Toys and Games > Toys", "Media > Core Gaming"],
  },
  {
    path: "Clothing and Accessories > Clothing > Women's Clothing",
    kind: "product",
    names: [
      "Apparel/Women's Fashion",
      "Fashion > Womenswear",
      "Product/Clothing/Women",
      "Women's Apparel",
    ],
    advertisers: ["Maple & Main", "Lune Boutique", "Willow Lane", "Verra Collective"],
    items: [
      "wrap dresses",
      "linen blazers",
      "high-rise jeans",
      "knit sweaters",
      "maxi skirts",
      "silk blouses",
    ],
    lines: [
      "New arrivals for spring",
      "Effortless style, sizes 0-24",
      "The dress everyone's asking about",
      "Designed in-house, made to last",
      "Workwear that works as hard as you",
    ],
    offers: ["{pct}% off new arrivals", "Dresses from ${price}", "Free shipping over $75"],
    priceRange: [29, 129],
    confusable: ["Consumer Packaged Goods > Fragrance > Fragrances - Women's"],
  },
  {
    path: "Clothing and Accessories > Clothing > Men's Clothing",
    kind: "product",
    names: ["Apparel/Men's Fashion", "Menswear", "Product/Clothing/Men", "Men's Apparel & Suits"],
    advertisers: ["Northwind Outfitters", "Harbor & Co.", "Gentry Tailors", "Oak Street Menswear"],
    items: [
      "tailored suits",
      "chinos",
      "flannel shirts",
      "performance polos",
      "wool overcoats",
      "dress shirts",
    ],
    lines: [
      "Suits tailored in 48 hours",
      "Stretch chinos in 12 colors",
      "Built for the office, the weekend and everything between",
      "Free alterations on every suit",
    ],
    offers: ["Suits from ${price}", "Buy 2 shirts get 1 free", "{pct}% off outerwear"],
    priceRange: [39, 399],
    confusable: ["Consumer Packaged Goods > Fragrance > Shaving Lotion/Men's Fragrance"],
  },
  {
    path: "Clothing and Accessories > Clothing > Children's Clothing",
    kind: "product",
    names: [
      "Kids' Clothing",
      "Apparel/Children",
      "Product/Clothing/Kids & Baby",
      "Children's Fashion",
    ],
    advertisers: ["Little Sprouts", "Tiny Threads", "KidCo Apparel", "Puddle Jumpers"],
    items: [
      "school uniforms",
      "toddler pajamas",
      "kids' rain jackets",
      "baby onesies",
      "back-to-school outfits",
    ],
    lines: [
      "Play-proof knees, guaranteed",
      "Sizes newborn to 14",
      "Soft organic cotton for tiny skin",
      "Mix & match back-to-school looks",
    ],
    offers: ["{pct}% off school essentials", "Tees from ${price}", "Buy 3 get 1 free"],
    priceRange: [8, 39],
    confusable: ["Consumer Packaged Goods > Baby and Toddler Products > Diapers"],
  },
  {
    path: "Clothing and Accessories > Jewelry and Watches",
    kind: "product",
    names: ["Jewelry", "Accessories/Jewellery & Watches", "Product/Luxury/Watches", "Fine Jewelry"],
    advertisers: ["Aurum & Stone", "Brilliant Bay Jewelers", "Timekeepers", "{city} Diamond Co."],
    items: [
      "engagement rings",
      "diamond studs",
      "automatic watches",
      "gold chains",
      "birthstone necklaces",
    ],
    lines: [
      "Conflict-free diamonds, lifetime warranty",
      "Design your own ring online",
      "Swiss movement, sapphire crystal",
      "Free engraving & gift box",
    ],
    offers: ["{pct}% off engagement rings", "Studs from ${price}", "0% financing for 12 months"],
    priceRange: [99, 1999],
    confusable: ["Metals > Gold Trade In"],
  },
  {
    path: "Retail > Hardware Stores",
    kind: "service",
    names: [
      "Hardware Store",
      "Retail/Home Improvement Store",
      "Tools & Hardware Retail",
      "DIY Store",
    ],
    advertisers: [
      "Ace-High Hardware",
      "{city} Value Hardware",
      "Bolt & Nut Hardware",
      "Handy Hank's",
    ],
    items: ["power drills", "paint & supplies", "key cutting", "lumber", "grills", "snow blowers"],
    lines: [
      "Neighborhood hardware, expert advice",
      "Paint matched while you wait",
      "Rent tools by the day",
      "If we don't have it, we'll order it",
    ],
    offers: ["{pct}% off paint", "Drills from ${price}", "Free key copy with purchase"],
    priceRange: [19, 199],
    confusable: ["Home and Garden Services > Home Improvement and Repair"],
  },
  {
    path: "Retail > Sporting Goods Stores",
    kind: "service",
    names: [
      "Sporting Goods Store",
      "Retail/Sports & Outdoors",
      "Sports Equipment Retail",
      "Outdoor Gear Shop",
    ],
    advertisers: [
      "Summit Sports",
      "Fieldhouse Sporting Goods",
      "Play Ball Outfitters",
      "{city} Sport & Outdoor",
    ],
    items: [
      "baseball gloves",
      "camping tents",
      "fishing rods",
      "team uniforms",
      "kayaks",
      "golf clubs",
    ],
    lines: [
      "Gear up for the season",
      "Team orders with custom printing",
      "Expert bike and ski tune-ups",
      "Everything for the field, court and trail",
    ],
    offers: ["{pct}% off camping gear", "Gloves from ${price}", "$20 off $100"],
    priceRange: [19, 299],
    confusable: ["Fitness Activities > Gyms and Health Clubs"],
  },
  {
    path: "Retail > Pet and Pet Supply Stores",
    kind: "service",
    names: ["Pet Store", "Retail/Pet Supplies", "Pet Shop", "Pets > Supplies Retail"],
    advertisers: ["Paws & Claws", "Happy Tails Pet Supply", "PetNest", "{city} Feed & Pet"],
    items: ["dog beds", "cat trees", "aquarium kits", "chew toys", "bird seed", "reptile habitats"],
    lines: [
      "Everything your pet needs, under one roof",
      "Same-day delivery on pet supplies",
      "Self-serve dog wash inside",
      "Rewards for every purchase",
    ],
    offers: ["{pct}% off toys", "Beds from ${price}", "Free dog wash with $50 purchase"],
    priceRange: [9, 89],
    confusable: ["Pet Ownership > Pet Grooming"],
  },
  {
    path: "Consumer Packaged Goods > Toys and Games > Toys",
    kind: "product",
    names: ["Toys", "Product/Kids/Toys & Games", "Children's Toys", "Toys > Building Sets"],
    advertisers: ["Brickle", "Wonder Workshop Toys", "Toy Chest", "Playful Planet"],
    items: ["building sets", "plush animals", "RC cars", "dollhouses", "STEM kits", "ride-on toys"],
    lines: [
      "Hours of screen-free fun",
      "Ages 3 and up",
      "The must-have toy of the season",
      "Build it, race it, rebuild it",
    ],
    offers: ["{pct}% off building sets", "Toys under ${price}", "Buy 2 get 1 free"],
    priceRange: [9, 79],
    confusable: [
      "Consumer Electronics > Video Game Consoles",
      "Family and Parenting > Kids Activities",
    ],
  },
];

/** Extension labels without creatives. */
export const retailExtraExtension: readonly string[] = [
  "Consumer Electronics > Televisions > Solara",
  "Clothing and Accessories > Footwear > Kinetix",
];
