/**
 * The words of the waiting-room check-in poster and of the public page its QR code opens
 * (`/check-in`). Neither holds anything about a person: a check-in itself is answered only through
 * the private link a client is sent, so the page says where to find that link and whom to ask.
 * Every sentence here is client-facing, in English and Spanish, at a plain reading level.
 */
import { CRISIS_RESOURCES } from '../decision-aid/crisis.js';

export interface CheckInStartWords {
  title: string;
  scan: string;
  link: string;
  noLink: string;
  aid: string;
  help: string;
  emergency: string;
  helpline: string;
}

export const CHECK_IN_START_WORDS: Readonly<Record<'en' | 'es', CheckInStartWords>> = {
  en: {
    title: 'Check in from your phone',
    scan: 'Point your phone camera at this code.',
    link: 'Your care team sends you a private link by email or text. Open that link to answer a few short questions.',
    noLink: 'No link, or it does not work? Ask at the front desk for a new one.',
    aid: 'Thinking about what care comes next? Read about your choices.',
    help: `Need help now? Call or text ${CRISIS_RESOURCES.lifeline.number}.`,
    emergency: `In an emergency, call ${CRISIS_RESOURCES.emergency.number}.`,
    helpline: `Free help line, all day and night: ${CRISIS_RESOURCES.helpline.number}.`,
  },
  es: {
    title: 'Responda desde su teléfono',
    scan: 'Apunte la cámara de su teléfono a este código.',
    link: 'Su equipo le manda un enlace privado por correo o mensaje. Abra ese enlace para responder unas preguntas cortas.',
    noLink: '¿No tiene el enlace, o no sirve? Pida uno nuevo en la recepción.',
    aid: '¿Piensa en qué atención sigue? Lea sobre sus opciones.',
    help: `¿Necesita ayuda ahora? Llame o mande un mensaje al ${CRISIS_RESOURCES.lifeline.number}.`,
    emergency: `En una emergencia, llame al ${CRISIS_RESOURCES.emergency.number}.`,
    helpline: `Línea de ayuda gratis, de día y de noche: ${CRISIS_RESOURCES.helpline.number}.`,
  },
};

/** The path the poster's QR code opens: the same for every clinic, with nothing about anyone. */
export const CHECK_IN_START_PATH = '/check-in';
