import { Field, InputType } from 'type-graphql';
import { check, isText } from '../../../runtime/validation';
import { checkPhone, optionalText } from './contact-fields';

@InputType({ description: 'The profile fields to change; omitted fields stay, a null phone removes it' })
export class UpdateMyProfileInput {
  @Field(() => String, { nullable: true })
  displayName?: string | null;

  @Field(() => String, { nullable: true })
  phone?: string | null;
}

export interface ProfilePatch {
  displayName?: string;
  phone?: string | null;
}

export const MAX_DISPLAY_NAME = 100;

export function validateUpdateMyProfile(input: UpdateMyProfileInput): ProfilePatch {
  const patch: ProfilePatch = {};
  if (input.displayName !== undefined) {
    check(isText(input.displayName, MAX_DISPLAY_NAME), 'displayName', `Display name must be 1 to ${MAX_DISPLAY_NAME} characters`);
    patch.displayName = input.displayName!.trim();
  }
  if (input.phone !== undefined) {
    if (optionalText(input.phone) !== null) checkPhone(input.phone!.trim(), 'phone');
    patch.phone = optionalText(input.phone);
  }
  return patch;
}
