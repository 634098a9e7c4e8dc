"""coopkg: a knowledge graph of decentralized cooperation."""
