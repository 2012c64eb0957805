// Entry point of the start page.
export {};
