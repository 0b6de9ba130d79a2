export { Variant, VARIANTS } from '../config/variant';
