export { VARIANTS } from '../config/variant';
export type { Variant } from '../config/variant';
