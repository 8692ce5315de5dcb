/**
 * Spanish client wording of the default rule set's rules, by rule id. The rule set holds each rule's
 * client wording in English only (its hash covers that text); a plan read in Spanish takes the reason
 * from here, and falls back to the rule set's English for a rule this table does not know (a state
 * rule set with rules of its own), so a reason is never silently dropped.
 */
import type { BasisEntry } from '../recommendation.js';
import type { PlanLanguage } from './vocabulary.js';

export const CLIENT_REASONS_ES: Readonly<Record<string, string>> = {
  'gate.imminent-danger':
    'Su seguridad es lo primero. Necesita ver a un médico o a un equipo de crisis hoy, antes de otro plan.',
  'gate.intoxicated':
    'Puede estar bajo el efecto de una droga o del alcohol ahora. Un médico debe revisarlo primero. Luego hacemos el plan.',
  'gate.d1-extreme': 'Dejar de usar puede ser peligroso para usted ahora. Vea a un médico hoy.',
  'gate.d2-extreme': 'Un problema de salud necesita un médico hoy. Después vemos el siguiente paso.',
  'gate.d3-extreme': 'Su seguridad es lo primero. Hable hoy con un equipo de crisis o un médico.',
  'gate.withdrawal-risk':
    'Dejar de golpe algunas drogas o el alcohol puede ser peligroso. Necesita médicos y enfermeras a su lado día y noche mientras su cuerpo se ajusta.',
  'gate.withdrawal-risk-medical':
    'Por su salud, su cuerpo debe ajustarse en un lugar como un hospital, con médicos cerca.',
  'gate.withdrawal-seizure-history':
    'Antes tuvo convulsiones o delirio al dejar de consumir. Dejar de nuevo puede ser peligroso. Necesita médicos y enfermeras que lo cuiden día y noche mientras su cuerpo se ajusta.',
  'gate.pregnancy-withdrawal':
    'Está embarazada y su cuerpo puede pasar por la abstinencia. Los médicos deben cuidarla a usted y a su bebé mientras pasa.',
  'gate.needs-24-hour-structure':
    'Su equipo cree que por ahora necesita gente a su lado de día y de noche, para estar seguro.',
  'd1.none-or-mild': 'La abstinencia no es un problema para usted ahora.',
  'd1.moderate':
    'Tiene algunas señales de abstinencia. Un médico o enfermera le puede ayudar mientras vive en su casa.',
  'd1.severe': 'Su abstinencia puede empeorar. El personal debe cuidarlo de día y de noche mientras pasa.',
  'd2.none-or-mild': 'La salud de su cuerpo no limita sus opciones.',
  'd2.moderate':
    'Un problema de salud necesita revisiones seguidas. Un programa al que va varias veces por semana ayuda a seguirlo de cerca.',
  'd2.severe':
    'Su salud necesita que una enfermera o un médico lo vea cada día. Eso quiere decir un lugar donde se queda de día y de noche.',
  'd3.none-or-mild': 'Su salud mental está estable ahora.',
  'd3.moderate':
    'Su ánimo, el estrés o sus pensamientos a veces le estorban. Un programa con muchas sesiones por semana también ayuda con esto.',
  'd3.severe':
    'Su salud mental necesita atención cada día ahora. Un programa de día se la da y usted duerme en su casa.',
  'd4.none-to-moderate': 'Quiere trabajar en su recuperación, aunque tenga dudas. Las dudas son normales.',
  'd4.severe':
    'Puede ser difícil para usted seguir en tratamiento. Ver a su equipo varias veces por semana puede ayudar.',
  'd4.extreme-with-other-severe':
    'Tiene un riesgo serio en otra área y tal vez no quiera ayuda ahora. Un lugar con personal de día y de noche es lo más seguro.',
  'd4.extreme-alone':
    'Tal vez no se sienta listo. Eso solo no es razón para vivir en un centro. Un programa varias veces por semana le puede ayudar a decidir.',
  'd5.none-or-mild': 'Usted tiene buenas formas de manejar las ganas de usar.',
  'd5.moderate':
    'Hay un riesgo real de volver a usar sin apoyo. Ir a sesiones varias veces por semana ayuda a mucha gente a seguir bien.',
  'd5.severe': 'El riesgo de volver a usar pronto es alto. Un programa de día, casi todos los días, le da más apoyo.',
  'd5.extreme': 'Ahora sería muy difícil no usar sin apoyo todo el día y toda la noche.',
  'd6.none-or-mild': 'Su casa y la gente a su alrededor apoyan su recuperación.',
  'd6.moderate':
    'Tiene poco apoyo en casa. Un programa varias veces por semana le ayuda a formar un grupo de apoyo sobrio cerca de usted.',
  'd6.severe-recovery-residence':
    'Su casa hace difícil la recuperación. Vivir en una casa sobria mientras va a un programa es una forma de empezar de nuevo.',
  'd6.severe':
    'Su casa hace difícil la recuperación casi todos los días. Un programa de día le da un lugar seguro la mayor parte del día.',
  'd6.extreme':
    'Donde vive no es seguro para usted ahora. Quedarse en un lugar con personal de día y de noche es más seguro.',
  'housing.recovery-residence':
    'No tiene un lugar seguro y sobrio para vivir. Una casa sobria le puede dar uno mientras va a tratamiento.',
  'co-occurring.treat-together': 'Su atención debe ayudar con su salud mental y con su recuperación al mismo tiempo.',
  'responsibilities.shape-not-lower':
    'Su trabajo, la escuela o su familia importan. Nos ayudan a buscar un programa con horarios que le sirvan.',
  'transition.overdose-risk':
    'Pasar un tiempo sin consumir baja su tolerancia. Consumir la cantidad de antes puede causar una sobredosis. Tenga naloxona a mano.',
  'medication.continuity':
    'Siga tomando su medicina para la recuperación. Su plan dice quién se la da después y cómo la consigue hasta entonces.',
  'overdose.naloxone':
    'Los opioides le ponen en riesgo de una sobredosis. Tenga naloxona con usted y enseñe a la gente cercana a usarla. Se vende en la farmacia sin receta.',
  'pregnancy.opioids':
    'Está embarazada. El cuidado de usted y de su bebé va junto con su recuperación. Puede seguir tomando su medicina para los opioides durante el embarazo.',
};

/** The client wording of one reason in a language (Spanish from the table above, else the rule set's own). */
export function clientReason(entry: Pick<BasisEntry, 'rule' | 'clientText'>, language: PlanLanguage): string {
  if (language === 'es') return CLIENT_REASONS_ES[entry.rule] ?? entry.clientText;
  return entry.clientText;
}
