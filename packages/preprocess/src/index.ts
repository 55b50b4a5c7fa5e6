export type { ChannelImage } from './channel-image.js';
