/**
 * Vocabulary of the generated catalog. Product names are "<adjective> <material> <noun>" with the material and
 * noun taken from one department, so names read like a shop's ("Rustic Oak Coffee Table", not "Cotton Lamp")
 * and full-text and trigram search find realistic groups of rows.
 */
export interface Department {
  /** The root category name. */
  name: string;
  materials: readonly string[];
  nouns: readonly string[];
}

export const DEPARTMENTS: readonly Department[] = [
  {
    name: 'Furniture',
    materials: ['Oak', 'Walnut', 'Pine', 'Teak', 'Bamboo', 'Steel', 'Rattan', 'Marble', 'Velvet', 'Leather'],
    nouns: ['Coffee Table', 'Dining Chair', 'Bookshelf', 'Armchair', 'Side Table', 'Sofa', 'Desk', 'Bench', 'Bar Stool', 'Wardrobe', 'Sideboard', 'Bed Frame'],
  },
  {
    name: 'Lighting',
    materials: ['Brass', 'Copper', 'Glass', 'Ceramic', 'Linen', 'Paper', 'Aluminium', 'Concrete'],
    nouns: ['Floor Lamp', 'Table Lamp', 'Pendant Light', 'Wall Sconce', 'Lantern', 'Desk Lamp', 'String Lights', 'Ceiling Light'],
  },
  {
    name: 'Kitchen',
    materials: ['Cast Iron', 'Stainless Steel', 'Enamel', 'Copper', 'Stoneware', 'Porcelain', 'Acacia Wood', 'Glass'],
    nouns: ['Frying Pan', 'Saucepan', 'Dutch Oven', 'Teapot', 'Mug', 'Serving Bowl', 'Cutting Board', "Chef's Knife", 'Dinner Plate', 'Kettle'],
  },
  {
    name: 'Clothing',
    materials: ['Cotton', 'Linen', 'Wool', 'Merino', 'Cashmere', 'Denim', 'Silk', 'Fleece', 'Corduroy'],
    nouns: ['T-Shirt', 'Hoodie', 'Sweater', 'Jacket', 'Shirt', 'Scarf', 'Beanie', 'Trousers', 'Dress', 'Cardigan', 'Socks', 'Gloves'],
  },
  {
    name: 'Shoes',
    materials: ['Leather', 'Suede', 'Canvas', 'Rubber', 'Mesh', 'Nubuck'],
    nouns: ['Sneakers', 'Boots', 'Sandals', 'Loafers', 'Running Shoes', 'Slippers', 'Hiking Boots', 'Ankle Boots'],
  },
  {
    name: 'Garden',
    materials: ['Teak', 'Aluminium', 'Resin', 'Galvanised Steel', 'Terracotta', 'Recycled Plastic'],
    nouns: ['Garden Chair', 'Planter', 'Parasol', 'Hammock', 'Watering Can', 'Bird Feeder', 'Picnic Blanket', 'Fire Pit', 'Tent', 'Sleeping Bag'],
  },
  {
    name: 'Electronics',
    materials: ['Aluminium', 'Walnut', 'Matte Black', 'Recycled Plastic', 'Fabric'],
    nouns: ['Wireless Speaker', 'Headphones', 'Desk Fan', 'Alarm Clock', 'Power Bank', 'Wall Charger', 'Smart Plug', 'Webcam', 'Keyboard', 'Mouse'],
  },
  {
    name: 'Bags',
    materials: ['Leather', 'Canvas', 'Nylon', 'Waxed Cotton', 'Cork', 'Suede'],
    nouns: ['Backpack', 'Tote Bag', 'Wallet', 'Belt', 'Duffel Bag', 'Messenger Bag', 'Card Holder', 'Watch Strap'],
  },
  {
    name: 'Home Decor',
    materials: ['Linen', 'Cotton', 'Wool', 'Jute', 'Velvet', 'Sheepskin', 'Ceramic', 'Glass'],
    nouns: ['Cushion', 'Throw Blanket', 'Rug', 'Curtain', 'Vase', 'Picture Frame', 'Candle Holder', 'Mirror', 'Duvet Cover', 'Bath Towel'],
  },
  {
    name: 'Toys',
    materials: ['Wood', 'Plush', 'Felt', 'Recycled Plastic', 'Cardboard'],
    nouns: ['Puzzle', 'Building Blocks', 'Teddy Bear', 'Toy Train', 'Board Game', 'Rocking Horse', 'Kite', 'Doll House'],
  },
];

export const ADJECTIVES: readonly string[] = [
  'Rustic',
  'Modern',
  'Classic',
  'Vintage',
  'Minimalist',
  'Scandinavian',
  'Industrial',
  'Compact',
  'Handcrafted',
  'Premium',
  'Essential',
  'Deluxe',
  'Lightweight',
  'Heritage',
  'Nordic',
  'Coastal',
  'Urban',
  'Artisan',
  'Everyday',
  'Elegant',
  'Sturdy',
  'Foldable',
  'Organic',
  'Bohemian',
  'Retro',
  'Contemporary',
  'Cosy',
  'Sleek',
  'Portable',
  'Signature',
];

/** Qualifiers of subcategory names: "Outdoor Lighting", "Kids' Shoes". */
export const CATEGORY_QUALIFIERS: readonly string[] = [
  'Outdoor',
  'Indoor',
  "Kids'",
  "Men's",
  "Women's",
  'Vintage',
  'Modern',
  'Smart',
  'Travel',
  'Office',
  'Designer',
  'Handmade',
  'Seasonal',
  'Eco',
  'Premium',
  'Budget',
  'Small Space',
  'Gift',
  'Classic',
  'Sale',
];

/** The end of a product description's first sentence: "A rustic coffee table in oak, <feature>." */
export const FEATURES: readonly string[] = [
  'built to last for years',
  'finished by hand in small batches',
  'made from responsibly sourced materials',
  'easy to clean and care for',
  'a favourite with our customers',
  'tested for everyday use',
  'designed in our Lisbon studio',
  'with a timeless, understated look',
];

export const CLOSINGS: readonly string[] = [
  'Ships within 2-3 working days.',
  'Free returns within 30 days.',
  'Comes with a 2-year warranty.',
  'Pairs well with the rest of the collection.',
  'Available while stocks last.',
  'Gift wrapping available at checkout.',
];

export const CATEGORY_PHRASES: readonly string[] = [
  'hand-picked pieces for every taste and budget.',
  'from everyday essentials to statement pieces.',
  'new arrivals every week, with free returns.',
  'customer favourites and this season’s best sellers.',
  'quality that lasts, chosen by our buyers.',
];

/** A word most product names and descriptions of one department contain; the bench searches for it. */
export const COMMON_SEARCH_WORD = 'lamp';
