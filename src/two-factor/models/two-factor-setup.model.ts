import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('TwoFactorSetup')
export class TwoFactorSetupModel {
  @Field({ description: 'The secret in base32, for typing into an authenticator app.' })
  secret!: string;

  @Field({ description: 'The otpauth:// URL the QR code holds.' })
  otpauthUrl!: string;

  @Field({ description: 'The otpauth URL as a QR code, an SVG document.' })
  qrCodeSvg!: string;
}
