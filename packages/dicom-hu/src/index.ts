export type { Image2D } from './image.js';
